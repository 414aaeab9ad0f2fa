"""Settings kept in Slack: admins change the channels, the admins, the holiday calendar, working hours and
the digest's time from App Home; every worker and clock reads them on each request and sweep."""
