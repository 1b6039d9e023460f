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

# An alert for an agent's inbox (a major error, a barge-in). The one inbox (messages and alerts, with
# their webhooks) belongs to ``hotline.feedback``, a layer above quality: quality emits this once the
# transaction that raised the alert commits, and feedback's ``ready()`` connects the receiver that
# stores it as an inbox message of kind ``alert`` and queues its webhook. Arguments: ``agent_id`` (a
# Person id), ``key`` and ``params`` (a text of ``hotline.org.texts``, rendered when read) and
# ``evaluation_id`` (or None).
alert_raised = Signal()
