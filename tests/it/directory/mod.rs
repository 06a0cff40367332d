//! Teams synced from the workspace (`[directory]`): against the fake Slack and the fake Bot
//! Framework, and the sync's rules through the scheduler on a manual clock.

mod both;
mod rules;
mod slack;
mod teams;
