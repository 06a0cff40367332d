//! A closed review's figures: each team's causes and mean score, and where the teams agree.

use super::people::Team;
use super::review::Review;

/// One team's side of a result.
#[derive(Clone, Debug, PartialEq)]
pub struct Side {
    pub team: Team,
    pub answered: usize,
    pub asked: usize,
    /// Each cause named, with how many named it, most named first (then in config order).
    pub causes: Vec<(String, usize)>,
    /// The mean of the scores given, and how many were given.
    pub score: Option<(f64, usize)>,
}

impl Side {
    pub fn of(review: &Review, team: Team) -> Side {
        let (answered, asked) = review.counts(team);
        let mut causes: Vec<(String, usize)> = review
            .causes
            .iter()
            .map(|cause| {
                let n = review
                    .answers_of(team)
                    .filter(|a| a.cause.as_deref() == Some(cause))
                    .count();
                (cause.clone(), n)
            })
            .filter(|(_, n)| *n > 0)
            .collect();
        // A stable sort keeps the config's order among causes named equally often.
        causes.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
        let scores: Vec<u8> = review
            .answers_of(team)
            .filter_map(|a| a.score.map(|s| s.get()))
            .collect();
        let score = (!scores.is_empty()).then(|| {
            let sum: u32 = scores.iter().map(|s| u32::from(*s)).sum();
            (f64::from(sum) / scores.len() as f64, scores.len())
        });
        Side {
            team,
            answered,
            asked,
            causes,
            score,
        }
    }

    /// The causes this team named most often (several when tied).
    pub fn top_causes(&self) -> Vec<&str> {
        let most = self.causes.first().map_or(0, |(_, n)| *n);
        self.causes
            .iter()
            .filter(|(_, n)| *n == most && most > 0)
            .map(|(c, _)| c.as_str())
            .collect()
    }

    fn named(&self, cause: &str) -> bool {
        self.causes.iter().any(|(c, _)| c == cause)
    }
}

/// Where the two teams' causes meet and part.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Agreement {
    /// Named by both teams.
    pub both: Vec<String>,
    pub only_sales: Vec<String>,
    pub only_marketing: Vec<String>,
    /// Whether the causes each team named most often have one in common (`None` when a team
    /// named none).
    pub same_top: Option<bool>,
}

impl Agreement {
    pub fn of(sales: &Side, marketing: &Side) -> Agreement {
        let only = |a: &Side, b: &Side| -> Vec<String> {
            a.causes
                .iter()
                .filter(|(c, _)| !b.named(c))
                .map(|(c, _)| c.clone())
                .collect()
        };
        let both = sales
            .causes
            .iter()
            .filter(|(c, _)| marketing.named(c))
            .map(|(c, _)| c.clone())
            .collect();
        let (top_s, top_m) = (sales.top_causes(), marketing.top_causes());
        let same_top = (!top_s.is_empty() && !top_m.is_empty())
            .then(|| top_s.iter().any(|c| top_m.contains(c)));
        Agreement {
            both,
            only_sales: only(sales, marketing),
            only_marketing: only(marketing, sales),
            same_top,
        }
    }
}
