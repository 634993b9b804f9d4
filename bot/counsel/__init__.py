"""Guided sessions: a counsellor joins a pupil's live conversation with the pupil's code, steers the advice, keeps
private notes, runs a class, and hands the pupil and the parents a report.

- ``store``: everything this adds (accounts, logins, join codes, watches, steering, notes, audit log, classes,
  report links), one module with parameterised SQL through SQLAlchemy, so PostgreSQL is a different URL.
- ``auth``: argon2 password hashes, session and CSRF tokens, the lockout rule.
- ``steer``: a counsellor's pins, exclusions and filters applied to the advice.
- ``view``: what the counsellor's page and the report show of one conversation, built from its slots.
- ``chat``: what the pupil types to invite, stop or question a counsellor, join a class or get the report.
- ``live``: wakes a counsellor's page within the pupil's turn.
- ``report``: the pupil's and the parents' report, as HTML and as PDF.
"""
