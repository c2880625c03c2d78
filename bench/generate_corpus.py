"""Generate a synthetic corpus of valid journey files for the validation benchmark.

    python bench/generate_corpus.py                      # 1,000 journeys into bench/corpus/
    python bench/generate_corpus.py --count 3 --out /tmp/tiny

The corpus is deterministic: the same seed and options give byte-identical files,
and journey number N does not depend on how many are generated. Each journey is
built from its own random stream, seeded with the seed and its number.

The journeys have the shape of real ones: 4 to 7 ordered stages with KPIs, 2 to 4
personas, 4 to 8 channels, and touchpoints with actions, thoughts, emotions (some
per persona), pain points, opportunities, owning teams, blueprint lanes, markers
and ``next`` flows that branch and loop. Every file is valid for ``journeyctl
validate`` and for a JSON Schema validator reading YAML 1.2: no text value looks
like a number, a boolean, a date or null, so both tools do the same work.

Journeys are self-contained (no imports), so a peer that knows nothing about
imports can validate each file on its own.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

from journeyctl.atomic import write_text

try:
    from yaml import CSafeDumper as Dumper
except ImportError:  # pragma: no cover - every PyYAML wheel has libyaml
    from yaml import SafeDumper as Dumper  # type: ignore[assignment]

DEFAULT_OUT = Path(__file__).resolve().parent / "corpus"
PREFIX = "journey-"
SUFFIX = ".journey.yaml"
SCHEMA_LINE = "# yaml-language-server: $schema=../../schema/journey.schema.json\n"


@dataclass(frozen=True)
class Domain:
    key: str
    companies: tuple[str, ...]
    subjects: tuple[str, ...]
    stages: tuple[tuple[str, str, str], ...]  # id, name, the customer's goal
    objects: tuple[str, ...]
    teams: tuple[str, ...]
    channels: tuple[tuple[str, str, str], ...]  # id, name, kind
    personas: tuple[tuple[str, str, str], ...]  # id, name, description


DOMAINS = (
    Domain(
        "retail",
        ("Larkspur Home", "Northwind Outfitters", "Bramble & Co", "Harbour Kitchenware"),
        ("a first online purchase", "buying a sofa online", "returning a jacket", "click and collect"),
        (
            ("awareness", "Awareness", "Find something that fits the room and the budget"),
            ("consideration", "Consideration", "Be sure the product is the right one"),
            ("purchase", "Purchase", "Pay quickly and without surprises"),
            ("delivery", "Delivery", "Get the order on the promised day"),
            ("use", "First use", "Set the product up and enjoy it"),
            ("returns", "Returns", "Send back what does not fit with little effort"),
            ("loyalty", "Loyalty", "Feel it is worth coming back"),
        ),
        ("product page", "size guide", "delivery slot", "basket", "discount code", "order confirmation",
         "tracking link", "return label", "care guide", "review form", "loyalty card", "gift message"),
        ("E-commerce", "Customer service", "Logistics", "Marketing", "Store operations", "Payments"),
        (
            ("website", "Website", "digital"), ("app", "Mobile app", "digital"), ("email", "Email", "digital"),
            ("store", "Store", "physical"), ("phone", "Phone line", "human"), ("chat", "Live chat", "human"),
            ("catalogue", "Printed catalogue", "print"), ("tv", "Television advert", "broadcast"),
        ),
        (
            ("maya", "Maya, the busy parent", "Shops on her phone in the evening, between other tasks."),
            ("leo", "Leo, the careful saver", "Compares prices for days before buying anything."),
            ("ines", "Ines, the design lover", "Cares about how things look in the room."),
            ("tom", "Tom, the first-time mover", "Furnishes his first flat on a tight budget."),
        ),
    ),
    Domain(
        "banking",
        ("Meridian Bank", "Cobalt Savings", "Fenwick Building Society"),
        ("opening a current account", "applying for a mortgage", "reporting a lost card"),
        (
            ("discover", "Discover", "Find an account that suits the way they live"),
            ("apply", "Apply", "Finish the application in one sitting"),
            ("verify", "Verify identity", "Prove who they are without a branch visit"),
            ("decision", "Decision", "Know quickly whether they are accepted"),
            ("onboard", "Onboarding", "Start using the account straight away"),
            ("everyday", "Everyday banking", "Pay and get paid without thinking about it"),
            ("support", "Getting help", "Have problems solved on the first contact"),
        ),
        ("application form", "identity check", "selfie photo", "proof of address", "welcome pack",
         "debit card", "online banking login", "credit decision", "switch request", "statement",
         "overdraft limit", "fraud alert"),
        ("Digital banking", "Onboarding operations", "Credit risk", "Contact centre", "Branch network", "Fraud"),
        (
            ("web", "Website", "digital"), ("app", "Banking app", "digital"), ("sms", "Text messages", "digital"),
            ("branch", "Branch", "physical"), ("phone", "Telephone banking", "human"),
            ("letter", "Letters", "print"), ("advisor", "Personal adviser", "human"),
        ),
        (
            ("sam", "Sam, the student", "Opens a first account with a small income."),
            ("priya", "Priya, the switcher", "Leaves her old bank after a bad experience."),
            ("george", "George, the retiree", "Prefers to talk to a person he trusts."),
        ),
    ),
    Domain(
        "telecom",
        ("Skylark Mobile", "Aurora Broadband", "Tidewater Telecom"),
        ("switching mobile plan", "moving house with broadband", "upgrading a phone"),
        (
            ("research", "Research", "Find a plan with enough data at a fair price"),
            ("choose", "Choose", "Pick a plan and a phone without regrets"),
            ("order", "Order", "Order without repeating their details"),
            ("switch", "Switch", "Keep the old number and lose no service"),
            ("activate", "Activation", "Have everything working on day one"),
            ("billing", "Billing", "Understand the first bill"),
            ("renewal", "Renewal", "Get a fair deal when the contract ends"),
        ),
        ("plan comparison", "coverage map", "number transfer code", "SIM card", "first bill",
         "data allowance", "installation visit", "router", "contract summary", "roaming add-on",
         "credit check", "upgrade offer"),
        ("Digital sales", "Network operations", "Field engineers", "Billing", "Retention", "Care"),
        (
            ("web", "Website", "digital"), ("app", "Account app", "digital"), ("shop", "High street shop", "physical"),
            ("call", "Call centre", "human"), ("chat", "Chat assistant", "digital"),
            ("post", "Post", "print"), ("engineer", "Engineer visit", "human"),
        ),
        (
            ("ana", "Ana, the heavy data user", "Streams and works from her phone all day."),
            ("ken", "Ken, the bargain hunter", "Switches whenever a better offer appears."),
            ("rosa", "Rosa, the family organiser", "Manages five lines for the whole family."),
        ),
    ),
    Domain(
        "saas",
        ("Quillstack", "Beacon Analytics", "Trellis HR"),
        ("trial to paid", "expanding to a second team", "renewing the annual plan"),
        (
            ("discover", "Discover", "Find a tool that solves the reporting problem"),
            ("trial", "Trial", "See value in the first week"),
            ("evaluate", "Evaluate", "Convince the team and the budget holder"),
            ("buy", "Buy", "Get through procurement without delays"),
            ("adopt", "Adopt", "Get the whole team using it"),
            ("expand", "Expand", "Roll it out to more teams"),
            ("advocate", "Advocate", "Recommend it to peers"),
        ),
        ("sign-up form", "sample dashboard", "data import", "onboarding checklist", "pricing page",
         "security questionnaire", "order form", "invoice", "admin console", "integration guide",
         "usage report", "referral programme"),
        ("Growth", "Sales", "Customer success", "Support", "Finance", "Product"),
        (
            ("site", "Website", "digital"), ("product", "In-product messages", "digital"),
            ("email", "Email", "digital"), ("webinar", "Webinars", "digital"),
            ("csm", "Customer success manager", "human"), ("events", "Conferences", "physical"),
        ),
        (
            ("dana", "Dana, the team lead", "Needs a tool her team adopts without training."),
            ("omar", "Omar, the IT admin", "Checks security and single sign-on before anything else."),
            ("lucy", "Lucy, the finance approver", "Wants a clear price and a simple contract."),
        ),
    ),
    Domain(
        "insurance",
        ("Harbourline Insurance", "Evergreen Mutual", "Pike & Wren"),
        ("making a home insurance claim", "buying car insurance", "renewing a policy"),
        (
            ("quote", "Quote", "Get a fair price in a few minutes"),
            ("buy", "Buy", "Understand what is covered before paying"),
            ("incident", "Incident", "Know what to do when something goes wrong"),
            ("claim", "Claim", "Report the damage once, with evidence"),
            ("assess", "Assessment", "Have the claim assessed quickly and fairly"),
            ("settle", "Settlement", "Be paid or repaired without chasing"),
            ("renew", "Renewal", "Keep the cover without a price shock"),
        ),
        ("quote form", "policy document", "claim form", "damage photo", "loss adjuster visit",
         "repair estimate", "settlement offer", "excess payment", "renewal notice", "no-claims discount",
         "emergency helpline", "courtesy car"),
        ("Pricing", "Claims handling", "Loss adjusting", "Customer service", "Underwriting", "Supplier network"),
        (
            ("web", "Website", "digital"), ("app", "Claims app", "digital"), ("phone", "Claims line", "human"),
            ("broker", "Broker", "human"), ("letter", "Letters", "print"), ("visit", "Home visit", "physical"),
        ),
        (
            ("hana", "Hana, the first-time homeowner", "Has never made a claim and fears the paperwork."),
            ("victor", "Victor, the landlord", "Insures three flats and wants everything in one place."),
            ("elsie", "Elsie, the long-standing customer", "Has renewed for twenty years without asking questions."),
        ),
    ),
    Domain(
        "travel",
        ("Saltmarsh Rail", "Kestrel Air", "Lantern Hotels"),
        ("booking a family holiday", "a delayed train home", "checking in for a flight"),
        (
            ("inspire", "Inspiration", "Find a trip the whole family likes"),
            ("plan", "Planning", "Fit the trip to dates and budget"),
            ("book", "Booking", "Book everything in one go"),
            ("prepare", "Preparation", "Have every document ready before leaving"),
            ("travel", "Travel", "Get there on time and relaxed"),
            ("stay", "Stay", "Enjoy the stay without hassle"),
            ("return", "After the trip", "Get refunds and share memories"),
        ),
        ("destination guide", "fare calendar", "seat map", "booking summary", "e-ticket", "check-in",
         "baggage allowance", "delay notice", "refund request", "room upgrade", "travel insurance",
         "feedback survey"),
        ("Digital", "Revenue management", "Station staff", "Cabin crew", "Guest services", "Customer relations"),
        (
            ("web", "Website", "digital"), ("app", "Travel app", "digital"), ("kiosk", "Check-in kiosk", "physical"),
            ("desk", "Service desk", "human"), ("sms", "Text alerts", "digital"), ("tv", "Departure screens", "broadcast"),
        ),
        (
            ("nadia", "Nadia, the planner", "Books months ahead and compares every option."),
            ("ben", "Ben, the last-minute traveller", "Books on his phone on the way to the station."),
            ("lin", "Lin, the parent with toddlers", "Travels with a pushchair and too much luggage."),
        ),
    ),
)

VERBS = ("Reads", "Compares", "Checks", "Fills in", "Asks about", "Receives", "Confirms", "Chooses",
         "Waits for", "Signs", "Uploads", "Reviews", "Shares", "Changes", "Tracks", "Opens")
STAFF_VERBS = ("reviews", "approves", "prepares", "updates", "sends", "checks")
ACTIONS = ("Opens the {channel} and looks for the {o}", "Scrolls through the {o}", "Taps through the {o}",
           "Calls to ask about the {o}", "Writes down the {o}", "Shows the {o} to a partner",
           "Saves the {o} for later", "Searches the help pages for the {o}")
THOUGHTS = ("I hope the {o} is what I expected", "Why is the {o} so hard to find?",
            "This {o} is easier than I thought", "Do I really need the {o} now?",
            "I will ask a friend about the {o}", "I have done this {o} twice already")
PAINS = ("The {o} is hidden below the fold", "The {o} takes more than a minute to load",
         "The {o} asks for details already given", "The {o} uses words customers do not understand",
         "The {o} does not work well on a phone", "The {o} shows a different price than the advert",
         "Progress on the {o} cannot be saved")
OPPORTUNITIES = ("Show the {o} earlier in the {stage} stage", "Explain the {o} in plain words",
                 "Send a reminder about the {o}", "Let customers save the {o} for later",
                 "Pre-fill the {o} from earlier answers", "Measure how often the {o} is abandoned")
CONDITIONS = ("if the {o} is rejected", "when the {o} is missing", "if the customer has questions about the {o}",
              "when the {o} is not available")
FLOW_LABELS = ("continues", "goes back to compare", "tries again", "asks for help", "skips ahead")
FEELINGS = {
    -2: ("furious", "desperate", "let down"),
    -1: ("anxious", "annoyed", "confused", "impatient"),
    0: ("neutral", "curious", "unsure"),
    1: ("relieved", "reassured", "pleased"),
    2: ("delighted", "excited", "confident"),
}
SCORES = (-2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2)
ORDINALS = ("again", "a third time", "a fourth time", "a fifth time", "a sixth time")
GOALS = ("Get it done in one go", "Spend no more than planned", "Understand every step", "Avoid calling anyone",
         "Feel in control of the decision")
NEEDS = ("Clear prices up front", "Updates without asking", "A person to talk to when stuck",
         "Everything on the phone", "Plain words, no jargon")
FRUSTRATIONS = ("Repeating the same details", "Hidden fees", "Waiting on hold", "Forms that time out",
                "Conflicting answers from staff")
KPI_NAMES = ("Conversion to the next stage", "Drop-out rate", "Customer effort score", "Time to complete",
             "Contacts per thousand customers", "Satisfaction score")


def slug(text: str) -> str:
    words = re.sub(r"[^a-z0-9]+", " ", text.lower()).split()
    return "-".join(w for w in words if w not in ("the", "a", "an"))[:56].strip("-")


def _score(rng: random.Random) -> int | float:
    return rng.choice(SCORES)


def _feeling(rng: random.Random, score: int | float) -> str:
    return rng.choice(FEELINGS[round(score) if abs(score) != 0.5 else (1 if score > 0 else -1)])


def _texts(rng: random.Random, templates: tuple[str, ...], low: int, high: int, **fields: str) -> list[str]:
    chosen = rng.sample(templates, rng.randint(low, high))
    return [t.format(o=rng.choice(fields["objects"]), **{k: v for k, v in fields.items() if k != "objects"})
            for t in chosen]


def _stage_sizes(rng: random.Random, touchpoints: int, stages: int) -> list[int]:
    """Touchpoints per stage: even shares, each within about a quarter of the mean."""
    weights = [rng.uniform(0.75, 1.25) for _ in range(stages)]
    sizes = [max(1, int(touchpoints * w / sum(weights))) for w in weights]
    sizes[sizes.index(min(sizes))] += touchpoints - sum(sizes)
    return sizes


def _use_every_channel(rng: random.Random, touchpoints: list[dict], channel_ids: list[str]) -> None:
    """Move steps from busy channels to unused ones, so no channel is listed for nothing."""
    for channel in channel_ids:
        users = Counter(tp["channel"] for tp in touchpoints if "channel" in tp)
        if users[channel]:
            continue
        movable = [tp for tp in touchpoints if users[tp.get("channel")] > 1]
        if movable:
            rng.choice(movable)["channel"] = channel


def journey(number: int, seed: int, low: int, high: int) -> dict:
    """Journey ``number`` of the corpus, as plain data ready for YAML."""
    rng = random.Random(f"{seed}:{number}")
    domain = rng.choice(DOMAINS)
    company = rng.choice(domain.companies)
    subject = rng.choice(domain.subjects)
    count = rng.randint(low, high)

    # About 25 touchpoints a stage, as in a big real map; at least 4 stages, at most 7.
    stage_count = min(max(4, round(count / 25) + rng.randint(-1, 1)), len(domain.stages), count)
    stage_rows = sorted(rng.sample(range(len(domain.stages)), stage_count))
    stages = []
    for row in stage_rows:
        ident, name, goal = domain.stages[row]
        stage: dict = {"id": ident, "name": name, "goal": goal}
        stage["expectations"] = [f"The {o} is clear and quick" for o in rng.sample(domain.objects, rng.randint(1, 2))]
        stage["kpis"] = [
            {"name": kpi, "target": rng.choice((f"{rng.randint(5, 95)}%", f"under {rng.randint(2, 9)} days", f"{rng.randint(2, 9)},{rng.randint(100, 999)} a month"))}
            for kpi in rng.sample(KPI_NAMES, rng.randint(1, 3))
        ]
        stages.append(stage)

    personas = []
    for ident, name, description in rng.sample(domain.personas, rng.randint(2, min(4, len(domain.personas)))):
        personas.append({
            "id": ident, "name": name, "description": description,
            "goals": rng.sample(GOALS, 2), "needs": rng.sample(NEEDS, 2), "frustrations": rng.sample(FRUSTRATIONS, 2),
        })
    persona_ids = [p["id"] for p in personas]
    channels = [{"id": i, "name": n, "kind": k} for i, n, k in rng.sample(domain.channels, rng.randint(4, min(8, len(domain.channels))))]

    ids: list[str] = []
    names: set[str] = set()
    taken: set[str] = set()
    stage_of: list[str] = []
    touchpoints: list[dict] = []
    for stage, size in zip(stages, _stage_sizes(rng, count, stage_count)):
        for _ in range(size):
            obj = rng.choice(domain.objects)
            lane = rng.choices(("customer", "frontstage", "backstage", "support"), (70, 15, 10, 5))[0]
            team = rng.choice(domain.teams)
            base = f"{team} {rng.choice(STAFF_VERBS)} the {obj}" if lane in ("backstage", "support") else f"{rng.choice(VERBS)} the {obj}"
            channel = rng.choice(channels)
            name, n = base, 2
            while name in names:  # a repeated step says how it differs, as a good map does
                name, n = f"{base} ({ORDINALS[n - 2] if n - 2 < len(ORDINALS) else f'visit {n}'})", n + 1
            names.add(name)
            ident = base_id = slug(name)
            while ident in taken:  # long names cut to the same id
                ident = f"{base_id}-{n}"
                n += 1
            taken.add(ident)
            ids.append(ident)
            stage_of.append(stage["id"])
            fields = {"objects": domain.objects, "stage": stage["name"].lower(), "channel": channel["name"].lower()}
            tp: dict = {"id": ident, "name": name, "stage": stage["id"]}
            if lane != "backstage":
                tp["channel"] = channel["id"]
            if rng.random() < 0.2:
                tp["description"] = f"{company}: {stage['goal'].lower()}, around the {obj}."
            if rng.random() < 0.3 and len(persona_ids) > 1:
                tp["personas"] = sorted(rng.sample(persona_ids, rng.randint(1, len(persona_ids) - 1)))
            tp["actions"] = _texts(rng, ACTIONS, 1, 3, **fields)
            if lane == "customer":
                tp["thoughts"] = _texts(rng, THOUGHTS, 0, 2, **fields)
                score = _score(rng)
                if rng.random() < 0.3:
                    tp["emotion"] = score
                else:
                    emotion: dict = {"score": score, "label": _feeling(rng, score)}
                    if rng.random() < 0.15:
                        other = rng.choice(persona_ids)
                        other_score = _score(rng)
                        emotion["by_persona"] = {other: other_score if rng.random() < 0.5 else {"score": other_score, "label": _feeling(rng, other_score)}}
                    tp["emotion"] = emotion
            tp["pain_points"] = _texts(rng, PAINS, 0, 3, **fields)
            tp["opportunities"] = _texts(rng, OPPORTUNITIES, 0, 2, **fields)
            tp["team"] = team
            if lane != "customer":
                tp["lane"] = lane
            if rng.random() < 0.05:
                tp["milestone"] = True
            if rng.random() < 0.05:
                tp["moment_of_truth"] = True
            touchpoints.append({k: v for k, v in tp.items() if v != []})

    _use_every_channel(rng, touchpoints, [c["id"] for c in channels])
    last = len(touchpoints) - 1
    for index, tp in enumerate(touchpoints):
        if index == last:
            tp["end"] = True
            continue
        flows: list = [ids[index + 1] if rng.random() < 0.6 else {"to": ids[index + 1], "label": rng.choice(FLOW_LABELS)}]
        if rng.random() < 0.15 and index + 2 <= last:
            target = rng.randint(index + 2, min(index + 4, last))
            flows.append({"to": ids[target], "condition": rng.choice(CONDITIONS).format(o=rng.choice(domain.objects))})
        earlier = [i for i in range(max(0, index - 4), index) if stage_of[i] == stage_of[index]]
        if rng.random() < 0.06 and earlier:  # loops stay within their stage
            target = rng.choice(earlier)
            flows.append({"to": ids[target], "label": "tries again", "condition": rng.choice(CONDITIONS).format(o=rng.choice(domain.objects))})
        tp["next"] = flows

    data: dict = {
        "version": 1,
        "id": f"{domain.key}-{number:04d}",
        "title": f"{company}: {subject}",
        "description": f"Synthetic journey number {number} of the benchmark corpus, {count} touchpoints in {stage_count} stages.",
        "owner": f"{rng.choice(domain.teams)} team",
        "status": rng.choice(("as-is", "to-be")),
        "tags": sorted({domain.key, slug(subject), "benchmark"}),
    }
    if rng.random() < 0.5:
        data["entry"] = ids[0]
    data.update({"personas": personas, "channels": channels, "stages": stages, "touchpoints": touchpoints})
    return data


def render(data: dict) -> str:
    body = yaml.dump(data, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)
    return SCHEMA_LINE + body


LINT_CONFIG = """\
# The linter's configuration for the benchmark corpus: the recommended rules, with
# room for the 20 to 40 touchpoints a stage of these big generated maps holds, and
# no stage model (each journey takes a random subset of its domain's stages).
extends: recommended
rules:
  overloaded-stage:
    max_touchpoints: 50
  missing-stage: off
"""


def generate(out: Path, count: int, seed: int, low: int, high: int) -> list[Path]:
    """Write journeys 1..count into ``out``; remove journeys left over from a larger corpus."""
    out.mkdir(parents=True, exist_ok=True)
    write_text(out / ".journeyctl.yaml", LINT_CONFIG)
    written = []
    for number in range(1, count + 1):
        path = out / f"{PREFIX}{number:04d}{SUFFIX}"
        write_text(path, render(journey(number, seed, low, high)))
        written.append(path)
    keep = set(written)
    for stale in out.glob(f"{PREFIX}*{SUFFIX}"):
        if stale not in keep:
            stale.unlink()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate a deterministic corpus of valid journey files.")
    parser.add_argument("--count", type=int, default=1000, help="number of journeys (default: 1000)")
    parser.add_argument("--min-touchpoints", type=int, default=50, help="fewest touchpoints in a journey (default: 50)")
    parser.add_argument("--max-touchpoints", type=int, default=200, help="most touchpoints in a journey (default: 200)")
    parser.add_argument("--seed", type=int, default=2024, help="random seed (default: 2024)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default: bench/corpus)")
    args = parser.parse_args(argv)
    if args.count < 1 or args.count > 9999:
        parser.error("--count must be between 1 and 9999")
    if not 4 <= args.min_touchpoints <= args.max_touchpoints:
        parser.error("--min-touchpoints must be at least 4 and at most --max-touchpoints")
    if args.out.exists() and not args.out.is_dir():
        parser.error(f"--out {args.out} is a file, not a folder")
    files = generate(args.out, args.count, args.seed, args.min_touchpoints, args.max_touchpoints)
    size = sum(path.stat().st_size for path in files)
    print(f"Wrote {len(files)} journeys ({size / 1e6:.1f} MB) to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
