"""Events of the monitoring regime that later apps react to without quality depending on them
(dependencies run one way: org ← calls ← quality ← feedback / inspection / problems ← reports)."""

from django.dispatch import Signal

# sent inside the transaction that starts a recording session: ``session`` (quality.Session) and
# ``now`` (the moment the calls were taken up to). Automatic inspection adds its high-risk offers (§8).
recording_session_started = Signal()

# sent inside the transaction that logs a barge-in (强拆, §3.6): ``barge_in`` (quality.BargeIn) and
# ``training`` (the monitor asked for focused training afterwards — the seed's 事后重点培训).
# The feedback app opens a training-plan entry for the agent.
barge_in_logged = Signal()
