"""The interview loop: candidates, the plan, interviewers and kits, scorecards, debrief, decision."""
