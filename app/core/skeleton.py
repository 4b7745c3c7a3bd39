"""Starting points for a new scenario: a short, commented skeleton for each of the curriculum's fifteen recruiter
moments, or a copy of an existing scenario under a new id.

A skeleton is a whole, valid scenario (four turns: the moment, a second chance, a good outcome, a cooled one) that
an instructor rewrites in their own words. Its first line points editors at the scenario schema: give the
absolute path (or URL) of the installed schema file, since the user's scenarios folder has no `../resources`.
"""

from __future__ import annotations

from dataclasses import dataclass

from .yamledit import modeline, replace_id, set_modeline


@dataclass(frozen=True)
class Moment:
    key: str
    title: str
    summary: str
    goals: tuple[str, str]
    offer: str  # a YAML flow mapping
    opening: str
    coaching: str
    good_when: str  # a YAML flow mapping: what a strong answer does
    good_say: str
    good_outcome: str
    nudge: str
    fallback_outcome: str
    difficulty: int = 1


_OFFER = "{base: 72000, bonus: 3000, pto_days: 20, deadline: Friday at 5pm}"

MOMENTS: tuple[Moment, ...] = (
    Moment(
        "salary-expectations",
        "What are you hoping to earn?",
        "A first call, and the recruiter wants a number straight away.",
        ("Stay warm while holding back a number", "Ask what the team has budgeted"),
        "{}",
        "Lovely to meet you, {student.name}. Quick one before we book interviews: what salary are you looking for?",
        "Thank her, say why the role appeals, and ask what range the team has in mind before giving a figure.",
        "{asked_question: true, named_number: false}",
        "Of course. We've budgeted {market.low} to {market.high}, depending on experience.",
        "learned_range",
        "I understand, but I do need something to put on the form. Roughly what are you after?",
        "no_number_shared",
    ),
    Moment(
        "asked-twice",
        "The question comes back",
        "You deferred once; the recruiter asks for a number again.",
        ("Keep calm when pressed", "Back any figure with market research"),
        "{}",
        "I hear you, {student.name}, but the hiring manager wants a number before the next round. What shall I say?",
        "Stay relaxed. Ask once more about the range, or give a researched figure and say what it is based on.",
        "{named_number: true, number: {above: market.low}}",
        "Thanks, that's clear and it's within what we expected. I'll pass it on with your reasons.",
        "researched_figure",
        "Anything at all would help me here. Is there a ballpark you'd be comfortable with?",
        "no_number_shared",
        difficulty=2,
    ),
    Moment(
        "current-salary",
        "What do you earn now?",
        "The recruiter asks about your current pay, which has little to do with this job.",
        ("Decline politely to share past pay", "Steer the talk to what this role is worth"),
        "{}",
        "To get a sense of level, could you tell me what you're earning in your current job?",
        "Decline kindly: say your last job was a different field, and ask what this role pays instead.",
        "{named_number: false, asked_question: true}",
        "Fair enough. For this role the range is {market.low} to {market.high}.",
        "kept_salary_private",
        "It really is just for our records. Would you mind sharing it?",
        "shared_old_salary",
    ),
    Moment(
        "verbal-offer",
        "An offer over the phone",
        "Good news on a call, and the recruiter wants your reaction right now.",
        ("Thank them with real enthusiasm", "Ask for the offer in writing and a day to reply"),
        _OFFER,
        "Great news, {student.name}: we'd love you to join! We're offering {offer.base} a year. So, what do you think?",
        "Thank him, say you're excited, and ask to see it in writing with a day or so to look it over.",
        "{asked_for_time: true}",
        "Absolutely, I'll email it over today. Does Thursday work for you to come back to me?",
        "time_to_review",
        "I'm glad you're pleased! Can I tell the team you're on board?",
        "accepted_on_the_spot",
    ),
    Moment(
        "low-offer",
        "An offer below what you hoped",
        "The offer is lower than the market; make a reasoned counter.",
        ("Counter with a number and a reason", "Frame it as solving the gap together"),
        _OFFER,
        "Here's where we landed: {offer.base} base and a {offer.bonus} bonus. How does that sound?",
        "Thank her, say you're keen, then name a figure a little above the offer and the reason for it.",
        "{named_number: true, number: {above: offer.base}}",
        "That's a fair case. Let me take it to the hiring manager and see how close we can get.",
        "counter_considered",
        "We do think it's a competitive number. Is there anything that would make it work for you?",
        "took_the_first_offer",
        difficulty=2,
    ),
    Moment(
        "exploding-deadline",
        "Decide by tomorrow",
        "An offer with a very short deadline, while other interviews are still going.",
        ("Ask calmly for a realistic date", "Stay positive while holding your ground"),
        _OFFER,
        "We need your answer by tomorrow morning, I'm afraid; the team wants to close the role this week.",
        "Stay warm. Say you're serious about them, explain you need a few days, and propose a date.",
        "{asked_for_time: true}",
        "I understand. Let me check with the manager, but a few more days should be fine.",
        "got_extension",
        "I hear you, but the deadline is firm from our side. Can you commit today?",
        "rushed_decision",
        difficulty=2,
    ),
    Moment(
        "best-and-final",
        "Our best and final",
        "The salary won't move, but other parts of the package might.",
        ("Move from salary to other levers", "Suggest concrete alternatives"),
        _OFFER,
        "I'll be honest with you: {offer.base} is the top of our band, and I can't move on base.",
        "Accept the limit gracefully, then ask about a signing bonus, an early review, learning budget or time off.",
        "{asked_about: [signing_bonus, review, learning, pto, relocation, start_date]}",
        "That I can work with. Let me see what I can put in writing for you.",
        "improved_package",
        "I wish I could do more on base. Is there anything else that matters to you?",
        "accepted_as_is",
        difficulty=3,
    ),
    Moment(
        "competing-offer",
        "Another company wants you too",
        "You have a second offer; mention it honestly and without threats.",
        ("Be honest about the other offer", "Say why this company is your first choice"),
        _OFFER,
        "Before we go further, is there anything else in play that I should know about?",
        "Be straightforward: say there is another offer, that this team is your first choice, and ask their timeline.",
        "{asked_question: true}",
        "Thanks for telling me. Let me see how quickly we can move on our side.",
        "honest_and_valued",
        "Alright. And where do we stand compared to them?",
        "left_it_vague",
        difficulty=2,
    ),
    Moment(
        "benefits-pto",
        "Unlimited time off",
        "The benefits sound generous but vague; ask what they really mean.",
        ("Ask specific questions about benefits", "Keep the focus on doing good work"),
        "{base: 72000, benefits: [unlimited PTO, health cover]}",
        "And the benefits are great: unlimited time off and full health cover. Any questions?",
        "Ask concrete things: how many days people actually take, when health cover begins, parental leave.",
        "{asked_question: true}",
        "Good question. Most people take around twenty-two days, and cover starts on your first day.",
        "clear_benefits",
        "It's really very flexible. Shall I send the paperwork?",
        "benefits_left_vague",
    ),
    Moment(
        "equity-instead",
        "Shares instead of salary",
        "A startup offers equity to make up for a lower base.",
        ("Ask how the equity really works", "Keep base salary first"),
        "{base: 68000, equity: 4000 options over four years}",
        "Our base is {offer.base}, but the equity could be worth a lot: {offer.equity}. Exciting, right?",
        "Ask about the strike price, vesting and cliff, and the company's plans; keep the base salary in view.",
        "{asked_question: true}",
        "Sure. They vest over four years with a one-year cliff; I'll send the strike price in writing.",
        "equity_explained",
        "It's standard startup stuff. Are you happy to go ahead?",
        "equity_unexamined",
        difficulty=2,
    ),
    Moment(
        "remote-relocation",
        "Where will you work?",
        "The role is mostly in the office, and you'd like some remote days.",
        ("Ask how remote work is organised", "Tie the request to doing your best work"),
        "{base: 72000, location: Denver, remote: two days from home}",
        "The team is in the Denver office most days. Does that suit you?",
        "Ask how the team works now and explain how a couple of home days would help you focus.",
        "{asked_about: [remote]}",
        "That's reasonable. Several people work from home twice a week; I'll ask the manager.",
        "remote_agreed",
        "We value time together in person. Can you make that work?",
        "office_as_offered",
    ),
    Moment(
        "learning-mentorship",
        "Growing into the role",
        "Ask for learning support and a mentor as a junior developer.",
        ("Ask for mentorship and a learning budget", "Tie it to becoming productive sooner"),
        "{base: 72000, learning_budget: 1000}",
        "Is there anything else you'd like to know before you decide?",
        "Ask about mentoring and a learning budget, and explain how they help you contribute sooner.",
        "{asked_about: [learning]}",
        "Yes: every new developer gets a mentor, and I can put the learning budget in writing.",
        "growth_in_writing",
        "Alright. Shall I send the contract then?",
        "growth_not_discussed",
    ),
    Moment(
        "start-date-move",
        "When can you start?",
        "Agree a start date, and ask about help with moving.",
        ("Propose a concrete start date", "Ask what relocation costs are covered"),
        "{base: 72000, start_date: in two weeks}",
        "We'd love you to start in two weeks. Does that work?",
        "Propose a specific date that leaves time to move, and ask whether relocation costs are covered.",
        "{asked_about: [start_date, relocation]}",
        "That's doable. Let me confirm the date and what we cover for the move.",
        "start_agreed",
        "Two weeks is what the team planned for. Can you make it?",
        "rushed_start",
    ),
    Moment(
        "title-and-review",
        "Title and first review",
        "Ask about the job title and an early pay review tied to goals.",
        ("Propose a review at six months", "Agree clear goals for it"),
        "{base: 72000, title: Junior Developer}",
        "The title would be {offer.title}, with a salary review after a year. Any thoughts?",
        "Suggest a review at six months with goals you agree now, and ask what would earn the next title.",
        "{asked_about: [review, title]}",
        "I like that. Let's write down the goals and put a six-month review in the offer.",
        "review_agreed",
        "A year is our usual cycle. Is that alright with you?",
        "review_as_offered",
    ),
    Moment(
        "closing-the-deal",
        "Ready to close",
        "Nearly there: make a clear, winnable final ask.",
        ("Make one clear final ask", "Show you are ready to say yes"),
        _OFFER,
        "So, is there anything standing between us and a signed offer?",
        "Be winnable: name the one thing that would settle it, and say you're ready to sign if it can be done.",
        '{phrases: ["ready to sign", "happy to sign", "ready to accept"]}',
        "I can do that. I'll send the updated offer within the hour. Welcome aboard!",
        "signed_with_final_ask",
        "Good to hear. Anything at all, or are we all set?",
        "signed_as_offered",
        difficulty=2,
    ),
)

_TEMPLATE = """{modeline}
# A new scenario, started from the curriculum's moment "{title}".
# Rewrite every line in your own words, then check it: counteroffer validate <this file>
# Try an answer at a turn with: counteroffer try {id} opening "your answer"
format: 1
id: {id}                   # unique across the library: lowercase letters, digits, - and _
title: "{title}"
summary: "{summary}"
difficulty: {difficulty}                 # 1 gentle, 2 some pressure, 3 tough
tags: [{tag}]
learning_goals:
  - {goal1}
  - {goal2}
role: Junior Software Developer
company: Brightwater Labs
currency: USD
market: {{low: 65000, mid: 75000, high: 88000}}   # what the role pays per year
offer: {offer}     # what is on the table ({{}} when nothing is offered yet)
recruiter:
  name: Sam Okafor
  title: Recruiter
  persona: Friendly and organised; wants to fill the role without wasting anyone's time.
  voice: {{language: en-us, gender: any, rate: 170}}
rubric: default
start: opening
turns:
  opening:
    # The moment itself: what the recruiter says first.
    say: >-
      {opening}
    coaching: >-
      {coaching}
    branches:                # tried in order; the first whose `when` holds is taken
      - when: {{goodwill: {{below: 40}}}}
        goto: cooled
      - when: {good_when}
        goto: went_well
    otherwise:               # required: where to go when no branch matches
      goto: second_chance
  second_chance:
    say: >-
      {nudge}
    coaching: >-
      A second chance: answer as the coaching note on the first turn says.
    branches:
      - when: {good_when}
        goto: went_well
    otherwise:
      end:
        outcome: {fallback_outcome}
        say: Okay, thanks. I'll write that down and be in touch.
  went_well:
    say: >-
      {good_say}
    coaching: Thank them and confirm what happens next.
    otherwise:
      end:
        outcome: {good_outcome}
        say: Thanks for a great conversation. Speak soon!
  cooled:
    say: Right. Let's keep this professional, shall we?
    cold: Right. Let's keep this professional.
    coaching: The tone slipped. Reset it with thanks and a calm question.
    otherwise:
      end:
        outcome: cooled_off
        say: I'll pass your details on to the hiring manager.
"""


def moment(name: str) -> Moment:
    """A curriculum moment by number (1-15) or key (e.g. low-offer); KeyError names the choices."""
    if name.isdigit() and 1 <= int(name) <= len(MOMENTS):
        return MOMENTS[int(name) - 1]
    found = next((m for m in MOMENTS if m.key == name), None)
    if found is None:
        raise KeyError(f'no moment "{name}": give 1-{len(MOMENTS)} or one of {", ".join(m.key for m in MOMENTS)}')
    return found


def skeleton(scenario_id: str, chosen: Moment, schema: str) -> str:
    """A new, valid scenario for one moment; `schema`: the absolute path or URL of the scenario schema."""
    return _TEMPLATE.format(
        modeline=modeline(schema),
        id=scenario_id,
        title=chosen.title,
        summary=chosen.summary,
        difficulty=chosen.difficulty,
        tag=chosen.key,
        goal1=chosen.goals[0],
        goal2=chosen.goals[1],
        offer=chosen.offer,
        opening=chosen.opening,
        coaching=chosen.coaching,
        good_when=chosen.good_when,
        good_say=chosen.good_say,
        good_outcome=chosen.good_outcome,
        nudge=chosen.nudge,
        fallback_outcome=chosen.fallback_outcome,
    )


def copy_of(text: str, new_id: str, schema: str) -> str:
    """Another scenario's text under a new id, its modeline pointing at `schema`; everything else as it was."""
    return set_modeline(replace_id(text, new_id), schema)
