"""Automatic inspection of 100 % of calls (SPEC §8): audio metrics, transcript rules, ASR adapters.

``audio`` measures stereo recordings (agent left, customer right); ``rules`` evaluates a rule pack
over a transcript (and the audio metrics) and gives a risk score; ``asr`` adapts local ASR engines.
Django-free.
"""
