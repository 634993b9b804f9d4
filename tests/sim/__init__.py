"""Simulated users for the chatbot (issue 10, part 4): an agenda-based user simulator.

Each simulated person has a goal profile (population.py) and an answering style (styles.py). The agent
(agent.py) reads only the bot's question text and buttons, as a person would, and answers from its goal in its
style; the runner (runner.py) plays many of them over REST; checks.py and report.py turn the transcripts into
figures, including recommendations that contradict the admission engine for the person's profile.

Everything is seeded: the same seed gives the same people saying the same things, so a failing person can be
replayed (`bench/sim.py --only p0042`).
"""
