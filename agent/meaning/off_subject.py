"""What a candidate talks about instead of the question: life outside work, how they like to work,
team and company life, the business side. No question of the bank asks about these, so a sentence
nearer one of them than to anything it was asked is not about the question, whatever words it
shares with it ("Balancing the load between work and life" to "What does a load balancer do?").

Chosen while looking at the `tune` half of tests/data/off_topic.yaml only (some are near its
answers); its `holdout` half was not compared with them until they were fixed.
"""
from __future__ import annotations

OFF_SUBJECT = (
    # life outside work
    "On weekends I like to go hiking with my family and the dog.",
    "I've been learning to bake bread at home.",
    "I run a few mornings a week to stay in shape.",
    "Cooking dinner for friends is how I relax.",
    "My favourite holiday was two weeks travelling around Italy by train.",
    "I play guitar in a band with some old friends.",
    "My kids keep me busy in the evenings.",
    "I read a lot of history books before bed.",
    # how I like to work
    "I do my best thinking early in the morning, before the meetings start.",
    "I keep a strict calendar and protect time for focused work.",
    "Working from home has made me much more productive.",
    "I try hard to keep a healthy balance between work and my personal life.",
    # team and company life
    "We moved our weekly meeting to a written update and saved everyone time.",
    "Our team offsite this year was in the mountains and it really brought us together.",
    "Hiring great people is the most important thing a manager does.",
    "I redesigned our interview process for new candidates.",
    "I mentor two junior product managers every week.",
    # the business side
    "Our marketing campaign brought in thousands of new sign-ups.",
    "We grew revenue by forty percent last year through the sales team.",
    "I built our partner program with discounts and a yearly conference.",
    "We changed our pricing tiers and more customers upgraded.",
    "Our competitors raised a big funding round last quarter.",
    # talking about oneself
    "Let me tell you a bit about my background and my career so far.",
    "My favourite app is one I use every day; its design is beautiful.",
)
