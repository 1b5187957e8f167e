"""A labelled set of near-duplicate pairs built from synthetic wire stories (written for this set).

Each topic has a wire story and a separate report of the same event (its own wording, a shared
quote and the same figures). Pairs that must cluster: the wire story and its copies as outlets
run them (a dateline, a new headline, lightly edited sentences, a local intro, the last paragraphs
cut, quotes and paragraphs re-typeset, and these combined). Pairs that must not: the wire story
and the separate report, the wire stories of neighbouring topics, a follow-up that reuses the
wire story's background paragraph, and automated reports of two days (one template, other
figures).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Topic:
    name: str
    dateline: str
    wire: list[str]  # sentences; paragraphs are two sentences each
    edits: list[tuple[str, str]]  # light edits an outlet makes: (phrase, replacement)
    local_intro: str
    separate: list[str]  # another outlet's own report of the same event
    follow_up: list[str]  # a later story on the topic; the wire story's last paragraph is reused


TOPICS = [
    Topic(
        "port strike",
        "ROTTERDAM, May 4 (Wirepress) - ",
        [
            "Dock workers at the country's largest container port walked out on Monday in a dispute over shift patterns.",
            "The union said about 2,400 members had joined the strike, which is planned to last 48 hours.",
            "Ships waiting to unload were anchored off the coast by the afternoon, according to harbour officials.",
            "The port operator said it had offered a pay rise of 4.5 percent and called the walkout unnecessary.",
            "\"We have been asking for safer rosters for two years and nobody listened,\" union secretary Ilse Marten told reporters.",
            "Freight companies warned that supermarket deliveries could be delayed by several days.",
            "The transport ministry said it was monitoring the situation but would not intervene in the talks.",
            "A previous strike in 2019 cost the regional economy an estimated 60 million euros.",
        ],
        [("on Monday", "on Monday afternoon"), ("told reporters", "told this newspaper"),
         ("about 2,400", "roughly 2,400"), ("warned that", "said that")],
        "Local hauliers in the valley say the stoppage is already hurting their order books.",
        [
            "Cranes stood idle and lorries queued outside the gates as the port strike began early on Monday.",
            "Several hauliers said they had been told to expect waits of up to three days.",
            "\"We have been asking for safer rosters for two years and nobody listened,\" union secretary Ilse Marten told reporters.",
            "Management insists that its offer of a 4.5 percent rise is generous given rising fuel costs.",
            "Fishermen who share the harbour said the strike had little effect on their own boats.",
            "Shop owners in the dock district reported fewer customers than on a normal Monday.",
        ],
        [
            "Talks to end the port strike resumed on Wednesday with a mediator present for the first time.",
            "Both sides described the first session as constructive but gave no details of any new offer.",
            "A previous strike in 2019 cost the regional economy an estimated 60 million euros.",
            "The mediator is expected to present a compromise proposal by the end of the week.",
        ],
    ),
    Topic(
        "wildfire",
        "ATHENS, Aug 12 (Wirepress) - ",
        [
            "Firefighters battled a wildfire on the outskirts of the capital for a second day on Tuesday as strong winds fanned the flames.",
            "Authorities ordered the evacuation of four villages and a children's summer camp overnight.",
            "More than 300 firefighters, supported by nine water-dropping aircraft, were deployed to the area.",
            "The fire service said the blaze had burned through about 3,000 hectares of pine forest and farmland.",
            "No deaths have been reported, but two firefighters were treated in hospital for smoke inhalation.",
            "\"The next twelve hours are critical because the wind is expected to change direction,\" a fire service spokesman said.",
            "The country has endured weeks of temperatures above 40 degrees Celsius this summer.",
            "Neighbouring countries have sent aircraft and crews under a European assistance scheme.",
        ],
        [("battled", "fought"), ("on Tuesday", "on Tuesday morning"), ("overnight", "during the night"),
         ("a fire service spokesman said", "a spokesman for the fire service said")],
        "Holidaymakers from the region were among those moved to safety, their families said.",
        [
            "Residents of hillside villages loaded cars with belongings as smoke darkened the sky above the capital.",
            "Some refused to leave and stayed behind with garden hoses to protect their homes.",
            "\"The next twelve hours are critical because the wind is expected to change direction,\" a fire service spokesman said.",
            "Volunteers handed out water and masks at a sports hall that was turned into a shelter.",
            "Farmers said they had lost olive groves that had been in their families for generations.",
            "Scientists say heatwaves in the region are becoming longer and more frequent.",
        ],
        [
            "The wildfire near the capital was brought under control on Thursday after three days.",
            "Investigators are examining whether the blaze was started by a power line.",
            "Neighbouring countries have sent aircraft and crews under a European assistance scheme.",
            "The government promised compensation for farmers whose crops were destroyed.",
        ],
    ),
    Topic(
        "rail merger",
        "FRANKFURT, Feb 9 (Wirepress) - ",
        [
            "Two of the continent's largest rail freight operators agreed on Thursday to merge in a deal valued at 7.2 billion euros.",
            "The combined company will run about 1,900 locomotives and employ some 38,000 people.",
            "Shareholders of both firms still need to approve the transaction at meetings planned for the spring.",
            "Competition regulators are expected to examine the deal closely because the two companies dominate several routes.",
            "The chief executives said the merger would allow them to compete with road haulage on price.",
            "\"This is about moving more goods by rail, not about cutting jobs,\" one of them said at a news conference.",
            "Unions said they would seek guarantees that no depots would close.",
            "Shares in the smaller of the two companies rose 11 percent in early trading.",
        ],
        [("agreed on Thursday", "agreed late on Thursday"), ("some 38,000", "around 38,000"),
         ("at a news conference", "at a press conference"), ("rose 11 percent", "jumped 11 percent")],
        "The deal could affect the freight terminal at the edge of our city, which employs 400 people.",
        [
            "A planned tie-up between two rail freight giants drew a cautious response from shippers on Thursday.",
            "Several large customers said they feared higher prices on routes where the firms are the only carriers.",
            "\"This is about moving more goods by rail, not about cutting jobs,\" one of the chief executives said at a news conference.",
            "Analysts said regulators would probably demand the sale of some routes before approving the merger.",
            "The merger would be the biggest in the sector for more than a decade.",
            "Environmental groups welcomed any move that shifts freight off the motorways.",
        ],
        [
            "Regulators opened an in-depth investigation into the rail freight merger on Monday.",
            "They said the deal could reduce competition on eleven cross-border routes.",
            "Unions said they would seek guarantees that no depots would close.",
            "A decision is due within ninety working days.",
        ],
    ),
    Topic(
        "vaccine trial",
        "GENEVA, Oct 2 (Wirepress) - ",
        [
            "A new malaria vaccine reduced severe cases by 68 percent in a large trial among young children, researchers said on Wednesday.",
            "The study followed about 9,000 children in five countries over two rainy seasons.",
            "The vaccine is given in three doses a month apart, followed by a booster a year later.",
            "Side effects were mostly mild and included fever and pain at the injection site.",
            "\"These results give us a real chance to save tens of thousands of lives every year,\" the lead researcher said.",
            "The developers have applied for approval and hope to begin wider use next year.",
            "Health agencies cautioned that the vaccine must be used alongside bed nets and other measures.",
            "Malaria killed more than 600,000 people last year, most of them children under five.",
        ],
        [("researchers said on Wednesday", "scientists said on Wednesday"), ("about 9,000", "nearly 9,000"),
         ("mostly mild", "largely mild"), ("the lead researcher said", "the study's lead author said")],
        "A hospital in our province took part in the trial and enrolled more than 600 of the children.",
        [
            "Doctors working in rural clinics welcomed the malaria vaccine results but warned of supply problems.",
            "Many clinics lack the refrigerators needed to store vaccines safely, they said.",
            "\"These results give us a real chance to save tens of thousands of lives every year,\" the lead researcher said.",
            "Mothers interviewed at one clinic said they would gladly bring their children for the injections.",
            "Funding for the roll-out has not yet been secured, according to aid groups.",
            "Previous vaccines have been less effective and harder to deliver.",
        ],
        [
            "Regulators approved the new malaria vaccine on Friday for children from five months of age.",
            "The first doses are expected to arrive in clinics early next year.",
            "Malaria killed more than 600,000 people last year, most of them children under five.",
            "Manufacturers say they can produce 100 million doses a year by 2028.",
        ],
    ),
    Topic(
        "election result",
        "LISBON, June 3 (Wirepress) - ",
        [
            "The centre-left party won the most seats in Sunday's parliamentary election but fell short of a majority, official results showed on Monday.",
            "It took 41 percent of the vote and 102 of the 230 seats, according to the electoral commission.",
            "The main centre-right opposition came second with 29 percent, its worst result in two decades.",
            "A new anti-establishment party entered parliament for the first time with 18 seats.",
            "Turnout was 58 percent, slightly higher than at the last election.",
            "\"Voters have asked us to govern, and we will look for partners who share our priorities,\" the party leader said in a victory speech.",
            "Coalition talks are expected to take several weeks.",
            "The president will formally ask a candidate to form a government after consulting all parties.",
        ],
        [("fell short of a majority", "fell short of an outright majority"), ("on Monday", "early on Monday"),
         ("in a victory speech", "in a speech to supporters"), ("several weeks", "weeks")],
        "In our district, the centre-left candidate held the seat with an increased majority.",
        [
            "Supporters of the centre-left party celebrated in the capital's main square late into Sunday night.",
            "Opposition leaders conceded defeat but said the result left the country divided.",
            "\"Voters have asked us to govern, and we will look for partners who share our priorities,\" the party leader said in a victory speech.",
            "Political scientists said a minority government was the most likely outcome.",
            "Young voters turned out in larger numbers than expected, exit polls suggested.",
            "Markets reacted calmly to the result on Monday morning.",
        ],
        [
            "The centre-left party began formal coalition talks with two smaller parties on Thursday.",
            "Negotiators said budget policy would be the hardest issue to resolve.",
            "Coalition talks are expected to take several weeks.",
            "The outgoing government will remain in office until a new one is sworn in.",
        ],
    ),
    Topic(
        "earthquake",
        "MANILA, Jan 21 (Wirepress) - ",
        [
            "A magnitude 6.4 earthquake struck the central islands early on Saturday, damaging buildings and cutting power to thousands of homes.",
            "The quake's epicentre was about 15 kilometres offshore at a depth of 20 kilometres, the geological institute said.",
            "Local officials reported at least three deaths and dozens of injuries, mostly from falling debris.",
            "Several churches and a school building suffered cracks, and a bridge was closed for inspection.",
            "No tsunami warning was issued, but residents of coastal towns moved to higher ground as a precaution.",
            "\"We felt the ground roll for almost a minute and everyone ran into the street,\" a shopkeeper said by telephone.",
            "Aftershocks continued throughout the morning, the strongest measuring 5.1.",
            "The country sits on the Pacific Ring of Fire and experiences frequent earthquakes.",
        ],
        [("struck", "hit"), ("at least three deaths", "at least three people killed"),
         ("said by telephone", "told us by telephone"), ("throughout the morning", "through the morning")],
        "Relatives of islanders living in our city spent the morning trying to reach their families.",
        [
            "Rescue teams searched collapsed houses on the central islands on Saturday after a strong earthquake.",
            "Hospitals set up tents in car parks to treat the injured outside damaged buildings.",
            "\"We felt the ground roll for almost a minute and everyone ran into the street,\" a shopkeeper said by telephone.",
            "The army sent two ships carrying food, water and generators.",
            "Schools will stay closed next week while engineers check their safety.",
            "Many families spent the night outdoors for fear of aftershocks.",
        ],
        [
            "The death toll from Saturday's earthquake on the central islands rose to eleven on Monday.",
            "Engineers said the closed bridge would need months of repairs.",
            "The country sits on the Pacific Ring of Fire and experiences frequent earthquakes.",
            "The government released emergency funds for the worst-hit towns.",
        ],
    ),
    Topic(
        "chip plant",
        "DRESDEN, Nov 15 (Wirepress) - ",
        [
            "A semiconductor maker announced plans on Wednesday to build a 10 billion euro chip factory, its largest investment outside Asia.",
            "The plant is expected to create about 3,000 jobs and begin production in 2029.",
            "The government will contribute subsidies of up to 3 billion euros, subject to approval from Brussels.",
            "The factory will make chips for cars and industrial machinery rather than the most advanced processors.",
            "\"Europe needs its own supply of chips, and this region has the skills to build them,\" the company's chairman said.",
            "Local officials said new housing and a tram line would be needed for the workers.",
            "Critics argued that the subsidies were too generous for a company that reported record profits last year.",
            "Construction is due to start next summer once permits have been granted.",
        ],
        [("announced plans on Wednesday", "unveiled plans on Wednesday"), ("about 3,000", "some 3,000"),
         ("the company's chairman said", "the firm's chairman said"), ("too generous", "far too generous")],
        "Our region's technical college says it will double its places for engineering apprentices.",
        [
            "The mayor hailed the planned chip factory as the biggest investment in the city's history.",
            "Estate agents said rents were already rising in anticipation of new arrivals.",
            "\"Europe needs its own supply of chips, and this region has the skills to build them,\" the company's chairman said.",
            "Environmental groups asked how much water the plant would use during dry summers.",
            "Suppliers from across the region hope to win contracts during construction.",
            "Similar projects elsewhere have been delayed by shortages of skilled workers.",
        ],
        [
            "Brussels approved 3 billion euros of state aid for the planned chip factory on Tuesday.",
            "The commission said the plant would strengthen supply chains for carmakers.",
            "Construction is due to start next summer once permits have been granted.",
            "The company said it had already begun recruiting engineers.",
        ],
    ),
    Topic(
        "drought",
        "NAIROBI, Mar 28 (Wirepress) - ",
        [
            "Aid agencies warned on Friday that millions of people face hunger after a fourth failed rainy season in the east of the region.",
            "Livestock deaths have risen sharply, and water points in many districts have run dry.",
            "The agencies appealed for 1.2 billion dollars in emergency funding, of which less than a fifth has been pledged.",
            "Food prices in local markets have doubled since last year, according to a monitoring network.",
            "\"Families are selling their last animals to buy food, and when those are gone they have nothing,\" an aid worker said.",
            "Thousands of people have moved to camps near towns in search of water and assistance.",
            "Forecasters say the next rainy season may also bring below-average rainfall.",
            "Governments in the region have declared national disasters and asked for international support.",
        ],
        [("warned on Friday", "warned on Friday morning"), ("have risen sharply", "have risen steeply"),
         ("an aid worker said", "an aid worker told us"), ("may also bring", "could also bring")],
        "A charity based in our town has sent two lorries of water tanks to the affected districts.",
        [
            "Herders walked for days with their remaining cattle in search of grazing as the drought deepened.",
            "At one camp, newly arrived families said they had not eaten a full meal in a week.",
            "\"Families are selling their last animals to buy food, and when those are gone they have nothing,\" an aid worker said.",
            "Clinics reported a rise in the number of malnourished children.",
            "Local officials said boreholes were being drilled but that it would take months.",
            "Some families have sent children to live with relatives in towns.",
        ],
        [
            "Donors pledged an additional 400 million dollars for drought relief at a conference on Tuesday.",
            "Aid agencies said the money would help but was still far short of what was needed.",
            "Governments in the region have declared national disasters and asked for international support.",
            "Distribution of the new aid is expected to begin next month.",
        ],
    ),
]


# Automated reports: one template a day with other figures. Two days' reports are different news.
TEMPLATES = [
    [
        "The main share index closed {a} percent {up} at {b} points on {day}, led by {sector} stocks.",
        "Trading volume was {c} million shares, compared with a 30-day average of {d} million.",
        "The currency traded at {e} against the dollar, and the ten-year bond yield was {f} percent.",
        "Brent crude {rose} {g} percent to {h} dollars a barrel.",
    ],
    [
        "A magnitude {a} earthquake was recorded {b} kilometres {dir} of {town} at {c}:{d} local time on {day}.",
        "The quake occurred at a depth of {e} kilometres, according to the seismological service.",
        "There were no immediate reports of damage or injuries.",
        "Residents reported feeling light shaking for about {f} seconds.",
    ],
    [
        "{town} beat {other} {a}-{b} in the regional league on {day} in front of {c} spectators.",
        "{player} scored twice for the home side, including a penalty in the {d}th minute.",
        "The result leaves {town} in {e}th place with {f} points from {g} matches.",
        "The two teams meet again in the cup on {next}.",
    ],
]
_FILLS = [
    dict(a="1.2", up="higher", b="7,412", day="Monday", sector="banking", c="812", d="760", e="1.09", f="2.41",
         rose="rose", g="0.8", h="82.10", dir="north", town="Carlow", other="Elgin", player="Tomas Reyes",
         next="Saturday"),
    dict(a="0.4", up="lower", b="7,381", day="Tuesday", sector="energy", c="655", d="771", e="1.08", f="2.45",
         rose="fell", g="1.3", h="81.05", dir="south", town="Dunmore", other="Ashford", player="Jan Novak",
         next="Wednesday"),
]


def templated_pairs() -> list[tuple[str, str]]:
    """Each template filled for two days: the pairs of reports that must not cluster."""
    pairs = []
    for template in TEMPLATES:
        filled = []
        for n, fill in enumerate(_FILLS):
            values = {**fill, "d": str(20 + n), "g": str(12 + n)}
            filled.append(text([sentence.format(**values) for sentence in template]))
        pairs.append((filled[0], filled[1]))
    return pairs


def text(sentences: list[str]) -> str:
    """Two sentences to a paragraph, one paragraph per line (as extracted article texts are)."""
    return "\n".join(" ".join(sentences[i : i + 2]) for i in range(0, len(sentences), 2))


def edited(topic: Topic, edits: int) -> list[str]:
    """The wire story with its first `edits` light edits made (one phrase each)."""
    sentences = list(topic.wire)
    for phrase, replacement in topic.edits[:edits]:
        i = next(i for i, s in enumerate(sentences) if phrase in s)
        sentences[i] = sentences[i].replace(phrase, replacement, 1)
    return sentences


def retypeset(sentences: list[str]) -> str:
    """Curly quotes and one paragraph per sentence: another outlet's CMS."""
    curly = [s.replace('"', "\u201c", 1).replace('"', "\u201d", 1) for s in sentences]
    return "\n".join(curly)


def copies(topic: Topic) -> dict[str, str]:
    """Versions of the wire story that must share its cluster, by the treatment they had."""
    wire = topic.wire
    cut = len(wire) * 3 // 4
    return {
        "exact copy": text(wire),
        "dateline": text([topic.dateline + wire[0], *wire[1:]]),
        "two light edits": text(edited(topic, 2)),
        "four light edits": text(edited(topic, 4)),
        "local intro": text([topic.local_intro, *wire]),
        "last quarter cut": text(wire[:cut]),
        "retypeset": retypeset(wire),
        "dateline, edits, cut": text([topic.dateline + edited(topic, 3)[0], *edited(topic, 3)[1:cut]]),
        "intro, edits, retypeset": retypeset([topic.local_intro, *edited(topic, 2)]),
    }


def labelled_pairs() -> list[tuple[str, str, bool, str]]:
    """(text a, text b, must cluster, "topic: kind of pair") for every labelled pair."""
    pairs = []
    for n, topic in enumerate(TOPICS):
        original = text(topic.wire)
        for kind, copy in copies(topic).items():
            if kind != "exact copy":
                pairs.append((original, copy, True, f"{topic.name}: {kind}"))
        pairs.append((original, text(topic.separate), False, f"{topic.name}: separate report"))
        pairs.append((text(edited(topic, 2)), text(topic.separate), False, f"{topic.name}: edited copy vs separate report"))
        pairs.append((original, text(topic.follow_up), False, f"{topic.name}: follow-up"))
        neighbour = TOPICS[(n + 1) % len(TOPICS)]
        pairs.append((original, text(neighbour.wire), False, f"{topic.name}: another topic's wire story"))
    pairs += [(a, b, False, f"automated report {n}: other figures") for n, (a, b) in enumerate(templated_pairs())]
    return pairs
