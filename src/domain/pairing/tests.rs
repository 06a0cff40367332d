//! Properties of forming rounds, over many seeded random teams and many rounds each.

use std::collections::{HashMap, HashSet};

use super::*;
use crate::domain::people::{PersonName, Role, Team};

const SEEDS: u64 = 150;
const ROUNDS: u64 = 12;

struct Teams {
    people: Vec<Candidate>,
    cross_level: bool,
}

/// 1–40 people per team, 0–4 of them leads (never more than the team), from `seed`.
fn teams(seed: u64) -> Teams {
    let mut rng = Rng::new(seed);
    let mut people = Vec::new();
    for (team, prefix) in [(Team::Sales, "s"), (Team::Marketing, "m")] {
        let size = 1 + rng.below(40);
        let leads = rng.below(5).min(size);
        for i in 0..size {
            people.push(Candidate {
                name: PersonName::new(format!("{prefix}{i}")),
                team,
                role: if i < leads { Role::Lead } else { Role::Member },
            });
        }
    }
    Teams {
        people,
        cross_level: rng.below(4) != 0,
    }
}

fn no_open() -> HashSet<(PersonName, PersonName)> {
    HashSet::new()
}

struct Checked<'a> {
    people: &'a [Candidate],
    kind: RoundKind,
    history: &'a History,
    formation: &'a Formation,
}

impl Checked<'_> {
    fn person(&self, name: &PersonName) -> &Candidate {
        self.people
            .iter()
            .find(|c| c.name == *name)
            .expect("a candidate")
    }

    fn allowed(&self, a: &Candidate, b: &Candidate) -> bool {
        a.team != b.team && self.kind.allows(a.role, b.role)
    }

    fn everyone_is_in_one_group_or_sits_out(&self) {
        let mut seen: HashMap<&PersonName, usize> = HashMap::new();
        for group in &self.formation.groups {
            for name in group.sales.iter().chain(&group.marketing) {
                *seen.entry(name).or_default() += 1;
            }
        }
        for name in &self.formation.sat_out {
            *seen.entry(name).or_default() += 1;
        }
        assert_eq!(seen.len(), self.people.len(), "everyone, nobody else");
        assert!(seen.values().all(|n| *n == 1), "each once: {seen:?}");
    }

    fn groups_cross_the_teams_and_keep_the_round_rule(&self) {
        for group in &self.formation.groups {
            let size = group.sales.len() + group.marketing.len();
            assert!((2..=3).contains(&size), "{group:?}");
            assert!(!group.sales.is_empty() && !group.marketing.is_empty());
            for s in &group.sales {
                for m in &group.marketing {
                    let (s, m) = (self.person(s), self.person(m));
                    assert_eq!(s.team, Team::Sales);
                    assert_eq!(m.team, Team::Marketing);
                    assert!(
                        self.kind.allows(s.role, m.role),
                        "{:?}: {group:?}",
                        self.kind
                    );
                }
            }
            let roles = group.sales.iter().chain(&group.marketing);
            let level = Level::of(roles.map(|n| self.person(n).role));
            assert_eq!(group.level, level);
            if self.kind == RoundKind::SameLevel {
                assert_ne!(group.level, Level::Cross, "same-level rounds keep levels");
            }
        }
    }

    /// Nobody sits out who could have joined a pair or paired with another who sits out.
    fn only_those_without_room_sit_out(&self) {
        for name in &self.formation.sat_out {
            let x = self.person(name);
            for group in &self.formation.groups {
                let size = group.sales.len() + group.marketing.len();
                let others = match x.team {
                    Team::Sales => &group.marketing,
                    Team::Marketing => &group.sales,
                };
                let joinable = size == 2 && others.iter().any(|o| self.allowed(x, self.person(o)));
                assert!(!joinable, "{name} could have joined {group:?}");
            }
            for other in &self.formation.sat_out {
                assert!(!self.allowed(x, self.person(other)), "{name} and {other}");
            }
        }
    }

    /// In a same-level round, exactly the surplus of each level beyond two to one sits out.
    fn same_level_sit_outs_are_the_surplus(&self) {
        if self.kind != RoundKind::SameLevel {
            return;
        }
        for role in [Role::Member, Role::Lead] {
            let count = |team: Team| {
                let of = self.people.iter();
                of.filter(|c| c.team == team && c.role == role).count()
            };
            let (small, large) = {
                let (s, m) = (count(Team::Sales), count(Team::Marketing));
                (s.min(m), s.max(m))
            };
            let surplus = if small == 0 {
                large
            } else {
                large.saturating_sub(2 * small)
            };
            let sat_out = self.formation.sat_out.iter();
            let sat_out = sat_out.filter(|n| self.person(n).role == role).count();
            assert_eq!(sat_out, surplus, "{role:?}: {small} and {large}");
        }
    }

    /// Each person's other-team partners are new to them: they have met them no more often
    /// than anyone else they may meet this round.
    fn partners_are_new_until_everyone_was_met(&self) -> usize {
        let mut repeats = 0;
        for group in &self.formation.groups {
            for s in &group.sales {
                for m in &group.marketing {
                    let before = self.history.times(s, m);
                    let (s, m) = (self.person(s), self.person(m));
                    if before > self.floor(s, m.role) || before > self.floor(m, s.role) {
                        repeats += 1;
                    }
                }
            }
        }
        repeats
    }

    /// The fewest times `person` met anyone of `role` they may meet this round.
    fn floor(&self, person: &Candidate, role: Role) -> u32 {
        let eligible = self.people.iter();
        let eligible = eligible.filter(|o| o.role == role && self.allowed(person, o));
        let times = eligible.map(|o| match person.team {
            Team::Sales => self.history.times(&person.name, &o.name),
            Team::Marketing => self.history.times(&o.name, &person.name),
        });
        times.min().unwrap_or(0)
    }
}

/// Forms `ROUNDS` rounds of `teams`, checking the rules of each; returns the cross-team
/// couples formed and how many of them met again before everyone at that level was met.
fn run_rounds(teams: &Teams, seed: u64) -> (usize, usize) {
    let (mut couples, mut repeats) = (0, 0);
    let mut history = History::default();
    for number in 1..=ROUNDS {
        let kind = RoundKind::of_round(number, teams.cross_level);
        let open = no_open();
        let input = RoundInput {
            kind,
            people: &teams.people,
            history: &history,
            open: &open,
            seed: seed * 1000 + number,
        };
        let formation = form(&input);
        let checked = Checked {
            people: &teams.people,
            kind,
            history: &history,
            formation: &formation,
        };
        checked.everyone_is_in_one_group_or_sits_out();
        checked.groups_cross_the_teams_and_keep_the_round_rule();
        checked.only_those_without_room_sit_out();
        checked.same_level_sit_outs_are_the_surplus();
        repeats += checked.partners_are_new_until_everyone_was_met();
        for group in &formation.groups {
            couples += group.sales.len() * group.marketing.len();
            history.record(number, &group.sales, &group.marketing);
        }
    }
    (couples, repeats)
}

#[test]
fn every_round_of_random_teams_keeps_the_rules() {
    let (mut couples, mut repeats) = (0, 0);
    for seed in 0..SEEDS {
        let (c, r) = run_rounds(&teams(seed), seed);
        couples += c;
        repeats += r;
    }
    // Unequal teams cannot always give everyone someone new: the smaller side meets more
    // people per round, and a group of three meets one person twice over. Rarely, though.
    assert!(
        repeats * 100 < couples,
        "{repeats} of {couples} couples met again too soon"
    );
}

#[test]
fn equal_teams_meet_everyone_at_their_level_before_anyone_again() {
    for seed in 0..SEEDS {
        let mut rng = Rng::new(seed);
        let (members, leads) = (1 + rng.below(40), rng.below(5));
        let mut people = Vec::new();
        for (team, prefix) in [(Team::Sales, "s"), (Team::Marketing, "m")] {
            for i in 0..members + leads {
                people.push(Candidate {
                    name: PersonName::new(format!("{prefix}{i}")),
                    team,
                    role: if i < leads { Role::Lead } else { Role::Member },
                });
            }
        }
        // Cross-level rounds pair leads with members, so the members' history is no longer
        // even: rounds that keep levels are where "everyone before anyone again" is exact.
        let teams = Teams {
            people,
            cross_level: false,
        };
        let (couples, repeats) = run_rounds(&teams, seed);
        assert!(couples > 0);
        assert_eq!(repeats, 0, "seed {seed}: {members} members, {leads} leads");
    }
}

#[test]
fn the_same_inputs_and_seed_form_the_same_round() {
    let teams = teams(7);
    let history = History::default();
    let open = no_open();
    let input = |seed| RoundInput {
        kind: RoundKind::SameLevel,
        people: &teams.people,
        history: &history,
        open: &open,
        seed,
    };
    assert_eq!(form(&input(1)), form(&input(1)));
    let differs = (2..10).any(|seed| form(&input(seed)) != form(&input(1)));
    assert!(differs, "another seed shuffles");
}

fn person(name: &str, team: Team, role: Role) -> Candidate {
    Candidate {
        name: PersonName::new(name),
        team,
        role,
    }
}

fn names(group: &Group) -> Vec<&str> {
    let all = group.sales.iter().chain(&group.marketing);
    all.map(PersonName::as_str).collect()
}

#[test]
fn open_requests_between_two_people_make_them_partners() {
    let people = [
        person("Asha", Team::Sales, Role::Member),
        person("Vikram", Team::Sales, Role::Member),
        person("Priya", Team::Marketing, Role::Member),
        person("Arjun", Team::Marketing, Role::Member),
    ];
    let history = History::default();
    for (sales, marketing) in [("Asha", "Arjun"), ("Asha", "Priya"), ("Vikram", "Priya")] {
        let open: HashSet<(PersonName, PersonName)> =
            [(PersonName::new(sales), PersonName::new(marketing))].into();
        for seed in 0..20 {
            let input = RoundInput {
                kind: RoundKind::SameLevel,
                people: &people,
                history: &history,
                open: &open,
                seed,
            };
            let formation = form(&input);
            let together = formation
                .groups
                .iter()
                .any(|g| names(g) == vec![sales, marketing]);
            assert!(
                together,
                "seed {seed}: {sales} and {marketing}: {formation:?}"
            );
        }
    }
}

#[test]
fn sitting_out_rotates_and_a_cross_level_round_gives_each_lead_a_member() {
    // One Sales member, four marketers: two join her, two sit out, in turn.
    let people = [
        person("Asha", Team::Sales, Role::Member),
        person("Priya", Team::Marketing, Role::Member),
        person("Arjun", Team::Marketing, Role::Member),
        person("Neha", Team::Marketing, Role::Member),
        person("Kabir", Team::Marketing, Role::Member),
    ];
    let mut history = History::default();
    let mut sat_out: Vec<Vec<PersonName>> = Vec::new();
    for number in 1..=2 {
        let open = no_open();
        let input = RoundInput {
            kind: RoundKind::SameLevel,
            people: &people,
            history: &history,
            open: &open,
            seed: number,
        };
        let formation = form(&input);
        assert_eq!(formation.groups.len(), 1);
        assert_eq!(formation.sat_out.len(), 2);
        for group in &formation.groups {
            history.record(number, &group.sales, &group.marketing);
        }
        sat_out.push(formation.sat_out);
    }
    assert!(
        sat_out[0].iter().all(|name| !sat_out[1].contains(name)),
        "those who sat out come first next time: {sat_out:?}"
    );

    let leads = [
        person("Meera", Team::Sales, Role::Lead),
        person("Asha", Team::Sales, Role::Member),
        person("Rohan", Team::Marketing, Role::Lead),
        person("Priya", Team::Marketing, Role::Member),
    ];
    let open = no_open();
    let input = RoundInput {
        kind: RoundKind::CrossLevel,
        people: &leads,
        history: &History::default(),
        open: &open,
        seed: 1,
    };
    let formation = form(&input);
    let groups: Vec<Vec<&str>> = formation.groups.iter().map(names).collect();
    assert_eq!(groups, vec![vec!["Asha", "Rohan"], vec!["Meera", "Priya"]]);
}
