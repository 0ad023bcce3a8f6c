"""Spot descriptions that read like an emergency.

Intake calls ``assess`` on every description. A flagged request is still
taken, but the resident is told to call the emergency number and the
request waits in the triage queue until staff look at it. A miss leaves a
resident waiting on a 311 queue; a false flag costs an agent a look and
shows the resident a warning they did not need, so the patterns lean
towards flagging without flagging every mention of a hazard.

Each kind of emergency has, per language, a gate and three lists of
regular expressions over folded text (lower case, accents stripped):

- ``gate``: literal stems; a text containing none of them skips the kind,
  which keeps ``assess`` fast;
- ``signals``: any one of them flags the kind;
- ``ignore``: phrases blanked out before the signals are searched, so that
  "fire hydrant" does not read as a fire but "a car on fire next to the
  fire hydrant" still does;
- ``cancel``: phrases anywhere in the text that void the kind: negations
  ("nobody was hurt"), past or settled events ("last month", "fixed"),
  habits ("every night").

This module needs no Django settings except in ``advice``.
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy

KINDS = (
    "fire",
    "gas",
    "carbon_monoxide",
    "injury",
    "overdose",
    "violence",
    "crime_in_progress",
    "crash",
    "live_wire",
    "collapse",
    "trapped",
    "flooding",
    "hot_car",
)


# How staff read each kind; lazy, so that assess() needs no settings.
LABELS = {
    "fire": gettext_lazy("fire"),
    "gas": gettext_lazy("gas leak"),
    "carbon_monoxide": gettext_lazy("carbon monoxide"),
    "injury": gettext_lazy("someone hurt"),
    "overdose": gettext_lazy("overdose"),
    "violence": gettext_lazy("violence"),
    "crime_in_progress": gettext_lazy("crime in progress"),
    "crash": gettext_lazy("crash"),
    "live_wire": gettext_lazy("live or downed wire"),
    "collapse": gettext_lazy("collapse"),
    "trapped": gettext_lazy("someone trapped"),
    "flooding": gettext_lazy("flooding"),
    "hot_car": gettext_lazy("child or animal in a hot car"),
}


def kind_labels(kinds: Iterable[str]) -> list[str]:
    """The kinds in words, in the active language; an unknown kind (from
    an older version of the patterns) as it is stored."""
    return [str(LABELS.get(kind, kind.replace("_", " "))) for kind in kinds]


@dataclass(frozen=True)
class Assessment:
    """What ``assess`` made of a text; ``kinds`` is sorted and unique."""

    emergency: bool
    kinds: tuple[str, ...] = ()


@dataclass(frozen=True)
class Patterns:
    """The patterns of one kind in one language, as written.

    ``gate`` holds plain stems separated by "|", not expressions: every
    text a signal matches contains one of them, so a text with none skips
    the kind. Searching a few literals is far cheaper than the signals.
    """

    gate: str
    signals: tuple[str, ...]
    ignore: tuple[str, ...] = ()
    cancel: tuple[str, ...] = ()

    @property
    def stems(self) -> list[str]:
        return self.gate.split("|")


# Shared English pieces. "since last night" and the like describe
# something still going on, so they are not read as the past.
EN_PAST = (
    r"(?<!since )\blast (night|week|weekend|month|year|winter|summer|spring|fall)\b",
    r"(?<!since )\b(days?|weeks?|months?|years?) ago\b",
    r"(?<!since )\b(yesterday|earlier today|earlier this (morning|week))\b",
)
EN_SETTLED = (
    r"(?<!not )(?<!never )(?<!been )\b(fixed|repaired|extinguished)\b",
    r"\b(was|were|been|got) put out\b",
)
EN_HABIT = (
    r"\bevery (day|night|morning|evening|week|weekend|time|summer|winter|fall)\b",
    r"\ball the time\b",
    r"\b(always|constantly)\b",
    r"\bkeeps? (stealing|breaking|crashing|fighting)\b",
)
EN_NO_ONE_HURT = (
    r"\b(no ?one|nobody|none) (was |is |got |were |has been )?(hurt|injured)\b",
    r"\bno (injuries|injury)\b",
    r"\b(i'?m|i am|we'?re|we are) not (hurt|injured)\b",
)
# "Could get hurt" and "before someone is hit" are warnings, not events.
EN_WARNING = (
    r"\b(could|might|may|will|would|can|going to|gonna|before|prevent\w*|avoid"
    r"|risk|almost|nearly|about to|cause)\b[^.,]{0,25}\b(hurt|injured|killed"
    r"|hit|struck|run over|accidents?|collisions?|crash(es)?)\b"
)
# Animals get their own service; an injured or trapped one is not a 911 call.
EN_ANIMAL = (
    r"(dogs?|cats?|kittens?|pupp(y|ies)|birds?|pigeons?|squirrels?|raccoons?"
    r"|rats?|mice|mouse|possums?|opossums?|animals?|bats?|geese|goose|ducks?"
    r"|deer|skunks?)"
)
EN_PERSON = (
    r"(pedestrians?|person|people|someone|somebody|kids?|child|children|boy|girl"
    r"|woman|women|man|men|lady|guy|cyclists?|bikers?|bicyclists?|students?"
    r"|workers?|seniors?|rider|driver|teen(ager)?s?)"
)
EN_CHILD = (
    r"(bab(y|ies)|infants?|toddlers?|child|children|kids?|newborn"
    r"|little (boy|girl|one))"
)
EN_VEHICLE = (
    r"(cars?|bus|buses|trucks?|vans?|minivans?|vehicles?|drivers?|taxis?|cabs?"
    r"|suvs?|motorcycles?|motorbikes?|scooters?)"
)
EN_NOT = r"(not|isn'?t|is not|wasn'?t|was not|aren'?t|stopped|won'?t|doesn'?t|can'?t)"
EN_WEAPON = r"(guns?|pistol|handgun|rifle|shotgun|knife|knives|machete|weapon|firearm)"

ENGLISH: dict[str, Patterns] = {
    "fire": Patterns(
        gate="fire|flame|burn|smok|smell|explo",
        signals=(
            r"\bon fire\b",
            r"\b(in|into) flames\b",
            r"\bflames\b",
            r"\b(is|are|s|its|it'?s|was|were|keeps|started|still) burning\b",
            r"\bburning (down|up)\b",
            r"\b(catch|catches|caught|catching) (on )?fire\b",
            r"\bset fire\b",
            r"^\W*fires?\W*(!|$)",
            r"\bthere(?:'?s| is| are) (?:an? )?(?:(?!no\b)\w+ )?fires?\b",
            r"\b(house|building|apartment|kitchen|car|truck|bus|brush|grass|trash"
            r"|garbage|dumpster|garage|roof|basement|electrical|street|attic"
            r"|chimney)s? fire\b",
            r"\bfires? (in|on|at|inside|behind) (the|a|an|my|our|his|her|their"
            r"|\d+)\b",
            r"\bsmoke (is |was )?(coming|pouring|billowing|filling|everywhere)\b",
            r"\b(black|thick|heavy|dense) smoke\b",
            r"\bsmell(s|ing|ed)? (of )?(smoke|something burning|burning)\b",
            r"\bburning smell\b",
            r"\b(full of|filled with) smoke\b",
            r"\bexplosion\b",
        ),
        ignore=(
            r"\bfire ?(hydrants?|escapes?|lanes?|department|dept|fighters?|trucks?"
            r"|engines?|house|station|alarms?|exits?|doors?|hazards?|codes?"
            r"|call ?box(es)?|extinguishers?|marshals?|zones?|pits?|place|works"
            r"|safety|inspectors?|drills?|damaged?|proof|sprinklers?|plugs?)\b",
            r"\b(cigarettes?|cigars?|tobacco|weed|marijuana|hookah|second ?hand"
            r"|exhaust|diesel|chimney|grill|bbq|barbecue|incense) smoke\b",
            r"\b(blowing|emitting|belching|spewing|puffing) (out )?(black |thick )?"
            r"smoke\b",
            r"\bsmoke (alarms?|detectors?|shops?)\b",
        ),
        cancel=(
            r"\bno (smoke|fire|flames)\b",
            r"\bthere (was|had been) an? (\w+ )?fire\b",
            *EN_PAST,
            *EN_SETTLED,
            *EN_HABIT,
        ),
    ),
    "gas": Patterns(
        gate="gas|rotten",
        signals=(
            r"\bsme+l+(s|ed|ing|y)? (\w+ ){0,2}(of |like )?(natural )?gas\b",
            r"\bgas (smell|odou?r|fumes|leaks?|leaking|escaping|hissing)\b",
            r"\bgas\b[^.,;!?]{0,25}\b(leak(s|ing)?|hiss\w*)\b",
            r"\b(leak(s|ing|ed)?|hiss\w*)\b[^.,;!?]{0,25}\b(natural )?gas\b",
            r"\bodou?r of (natural )?gas\b",
            r"\b(hit|broke|cut|ruptured|damaged|struck) (a |the )?gas (line|main|pipe)",
            r"\bgas (line|main|pipe)s? (is |was )?(broken?|burst|ruptured|hit|cut"
            r"|damaged)\b",
            r"\brotten eggs?\b",
        ),
        ignore=(
            r"\bgas (stations?|caps?|prices?|tanks?|cans?|powered|grills?|pumps?"
            r"|mileage|guzzlers?|bills?)\b",
            r"\bout of gas\b",
            r"\b(sewer|tear|laughing) gas(es)?\b",
            r"\b(sewers?|drains?|catch basins?|septic|sewage)\b[^.]{0,30}"
            r"\brotten eggs?",
        ),
        cancel=(
            r"\bno (smell|odou?r) of gas\b",
            r"\b(doesn'?t|does not|don'?t|do not) smell (like |of )?gas\b",
            *EN_PAST,
            *EN_SETTLED,
        ),
    ),
    "carbon_monoxide": Patterns(
        gate="monoxide|co alarm|co detector|co poison|co leak|co read|co level",
        signals=(
            r"\b(carbon monoxide|co) (alarm|detector)s?\b[^.]{0,20}\b(going off"
            r"|went off|goes off|go off|sounding|sounded|ringing|blaring)\b",
            r"\b(carbon monoxide|co) (poisoning|leak|leaking)\b",
            r"\b(there'?s|there is|we have|high|levels? of) carbon monoxide\b",
            r"\bcarbon monoxide (in|is in) (the|our|my)\b",
            r"\b(carbon monoxide|co) (alarm |detector )?(reads?|reading|levels?)"
            r"\b[^.]{0,10}\d",
            r"\b(carbon monoxide|co (alarm|detector))\b[^.]{0,40}\b(dizzy"
            r"|headaches?|nause\w*|vomit\w*|sick|faint\w*|passed out)\b",
        ),
        cancel=(r"\bbatter(y|ies)\b", r"\bchirp\w*\b", *EN_PAST),
    ),
    "injury": Patterns(
        gate=(
            "breath|respon|react|moving|unconscious|passed out|wake|bleed"
            "|heart attack|stroke|seizure|chok|drown|collaps|faint|fell"
            "|fallen|falls|hurt|injur|down|ground|floor|ambulance|blue|head"
        ),
        signals=(
            rf"\b{EN_NOT} (breathing|moving|responding|responsive|reacting)\b",
            r"\b(can'?t|cannot|can not|unable to|struggling to) breathe?\b",
            r"\b(trouble|difficulty|struggling|hard time|barely|problems?) breathing\b",
            r"\bshort of breath\b",
            r"\b(unconscious|unresponsive)\b",
            r"\bpassed out\b",
            rf"\b{EN_NOT} wake( up)?\b",
            r"\bbleeding\b",
            r"\bheart attack\b",
            r"\b(having a stroke|seizures?)\b",
            r"\b(choking|drowning)\b",
            rf"\b{EN_PERSON} (just )?(collapsed|fainted)\b",
            r"\b(fell|fallen|falls|collapsed)\b[^.]{0,40}\b(can'?t|cannot|can not"
            r"|unable to) (get up|move|stand)\b",
            r"\b(is|are|s|was|were|got|been|badly|seriously) (badly |seriously "
            r"|really |very )?(hurt|injured)\b",
            r"\binjured\b",
            rf"\b{EN_PERSON} (is |lying |laying )?(down|on the ground(?! floor)"
            r"|on the floor|face down)\b",
            r"\b(need|needs|send|call|get) (an? )?ambulance\b",
            r"\bturning blue\b",
            r"\bhit (his|her|their|my) head\b",
        ),
        ignore=(
            rf"\b{EN_ANIMAL}\b[^.,]{{0,25}}\b(injured|hurt|bleeding|not moving"
            r"|not breathing|unconscious|down|on the ground)\b",
            rf"\b(injured|hurt|bleeding) {EN_ANIMAL}\b",
            r"\bpassed out (flyers|fliers|leaflets|menus|papers|pamphlets|samples"
            r"|ads|coupons)\b",
            r"\b(traffic|cars|vehicles|lines?|bus|buses|trains?|queue)\b[^.]{0,20}"
            r"\bnot moving\b",
            r"\b(trees?|bark) bleeding\b",
            r"\bbleeding (sap|rust)\b",
            r"\bchoking hazards?\b",
            r"\bdrowning in (\w+ )?(garbage|trash|litter|leaves|noise|paperwork"
            r"|debris|rats|water bills)\b",
            EN_WARNING,
        ),
        cancel=(*EN_NO_ONE_HURT, *EN_PAST),
    ),
    "overdose": Patterns(
        gate="overdos|od|pill|tablet|meds|medication|narcan|naloxone|needle",
        signals=(
            r"\boverdos(e|ed|ing|es)\b",
            r"\bod(?:'d|'ed|ed|'ing|ing| ing)\b",
            r"\b(is|an|having an?) od\b",
            r"\b(took|taken) (too many|a bunch of|a lot of|a whole bottle of|a"
            r" handful of|all (of )?(his|her|their|the|my)) (\w+ )?(pills|tablets"
            r"|meds|medication)\b",
            r"\b(swallowed|downed|ate)\b[^.]{0,30}\b(pills|tablets|meds"
            r"|medication)\b",
            r"\bneeds? (narcan|naloxone)\b",
            r"\bneedle (in|stuck in) (his|her|their|the) arm\b",
        ),
        ignore=(
            r"\boverdose (prevention|awareness|training|kits?|reversal|signs?"
            r"|posters?)\b",
        ),
        cancel=EN_PAST,
    ),
    "violence": Patterns(
        gate=(
            "gun|pistol|rifle|knife|knives|machete|weapon|firearm|armed"
            "|shot|shoot|stab|beat|attack|assault|chok|punch|strangl|hit"
            "|kick|slap|jump|kill|help|domestic|fight|brawl"
        ),
        signals=(
            r"\b(with|has|have|had|holding|pointing|waving|brandishing|pulled"
            r"|pulling|drew|swinging|carrying|flashing) (out )?(a |an |his |her "
            rf"|their )?{EN_WEAPON}\b",
            r"\barmed (man|men|person|guy|robbery|robber|suspect|intruder)\b",
            r"\b(man|men|guy|someone|somebody|person) (is |are )?armed\b",
            r"\b(fight|fighting|brawl|attack\w*|beating)\b[^.]{0,20}\b(bats?"
            r"|knives|guns|weapons|machetes?|bottles|pipes)\b",
            r"\bshots? (fired|being fired)\b",
            r"\b(heard|hear|hearing) (\w+ ){0,2}(gun ?)?shots\b",
            r"\bgun ?(shots?|fire)\b",
            r"\bshoot ?out\b",
            r"\b(got|been|was|were|just|being) shot\b",
            r"\bshot (me|him|her|them|someone|somebody)\b",
            r"\b(someone|somebody|people|they|he|guy|man|men) (is |are )?shooting\b",
            r"\bstabb(ed|ing)\b",
            r"\b(beating|attacking|assaulting|choking|punching|strangling|hitting"
            r"|kicking|slapping) (up )?(me|him|her|us|them)\b",
            r"\b(beating|attacking|assaulting|choking|punching|strangling|jumped"
            r"|jumping) (up )?(a|an|his|her|my|the|some|this|that|two)? ?"
            r"(woman|man|girl|boy|kid|child|wife|husband|girlfriend|boyfriend"
            r"|person|guy|lady|old|elderly|mother|father|son|daughter|teen)\b",
            r"\b(being|getting|got) (beaten|beat up|attacked|assaulted|jumped)\b",
            r"\b(threaten\w*|going|gonna|trying|tried|wants?) to (kill|shoot|stab)"
            r" (me|him|her|us|them|you|my|his|her|someone|somebody|everyone"
            r"|people)\b",
            r"\bkill (me|him|her|us)\b",
            r"\b(screaming|yelling|crying) for help\b",
            r"\bdomestic (violence|abuse)\b",
            r"\b(huge|big|massive|violent|fist|gang) fights?\b",
        ),
        ignore=(
            r"\b(nail|glue|staple|spray|water|bb|pellet|paint|paintball|heat|radar"
            r"|toy|squirt|caulk|caulking|grease|speed) ?guns?\b",
            r"\b(film|photo|movie|video|tv|commercial) ?shoots?\b",
            r"\bshooting (a |an )?(hoops|baskets|movie|film|video|commercial|scene"
            r"|photos?|pictures?)\b",
            r"\banti ?violence\b",
            r"\bbeating on (the|a|my|our) (door|wall|floor|ceiling|drums?)\b",
        ),
        cancel=(r"\bfireworks?\b", *EN_PAST, *EN_HABIT),
    ),
    "crime_in_progress": Patterns(
        gate=(
            "break|broken into|robb|burglar|mug|carjack|theft|assault|crime"
            "|happening|held up|stol|steal|loot|trying|tried|someone"
            "|somebody|stranger|intrud|prowl|thie|hear|smash|cutting"
            "|picking|busting|pry|forcing|kicking|grabbed|snatch"
        ),
        signals=(
            r"\b(break|breaking) ?in(to)?\b",
            r"\bbreak ?ins?\b",
            r"\b(robbery|burglary|mugging|carjacking|theft|assault|crime)\w* (is )?"
            r"(in progress|happening|going on)\b",
            r"\bhappening (right )?now\b",
            r"\b(is|are|s|re) (being |getting )?(robbed|mugged|carjacked|held up)\b",
            r"\b(being|getting) (stolen|broken into|robbed|burglarized)\b",
            r"\b(is|are|s|re) (stealing|robbing|burglarizing|looting)\b",
            r"\b(trying|tried) to (break|get|force|pry|climb) (in|into|through|open)\b",
            r"\b(someone|somebody|intruders?|a stranger|strangers)(?:'?s| is| are)?"
            r" (inside|in) (my|our) (house|home|apartment|apt|room|bedroom|basement)\b",
            r"\b(burglars?|intruders?|prowlers?)\b",
            r"\bthie(f|ves) (is |are )?(in|inside|breaking|trying|stealing|taking)\b",
            r"\bhear (someone|somebody|footsteps|people)\b[^.]{0,20}\b(inside"
            r"|downstairs|upstairs)\b",
            r"\b(smashing|breaking|cutting|picking|busting|prying) (open )?(the |a "
            r"|my |our |his |her )?(\w+ )?(locks?|padlocks?|doors?|windows?)\b",
            r"\b(forcing|kicking) (open |in )?(the |a |my |our )?(door|window"
            r"|lock)s?\b",
            r"\bjust (grabbed|snatched|stole|robbed|mugged)\b",
            r"\bsnatch(ed|ing)\b",
        ),
        ignore=(
            r"\bcrime watch\b",
            r"\bbreaking (news|ground)\b",
            r"\bburglar (bars|alarms?|proof)\b",
        ),
        cancel=(*EN_PAST, *EN_HABIT),
    ),
    "crash": Patterns(
        gate=(
            "crash|accident|collision|collid|wreck|pile|hit|struck|ran over"
            "|run over|runs over|knocked|mowed|plowed|flipped|rolled"
            "|turned over|went|slammed|smashed|flew|careened"
        ),
        signals=(
            r"\b(car|auto|traffic|motorcycle|motorbike|moped|scooter|bus|truck|taxi"
            r"|cab|bike|bicycle|head on|bad|serious|terrible|major|big|multi ?car)"
            r" (crash|accident|collision|wreck|pile ?up)\b",
            r"\b(collided|colliding)\b",
            rf"\b{EN_PERSON}\b[^.,]{{0,15}}\b(hit|struck|run over|ran over|knocked"
            r" (down|over)|mowed down) by\b",
            rf"\b{EN_VEHICLE}\b[^.,]{{0,10}}\b(hit|hits|struck|ran over|runs over"
            rf"|mowed down|knocked down|plowed into) (a |an |the |some |two )?"
            rf"{EN_PERSON}\b",
            rf"\b{EN_VEHICLE} (flipped|rolled|turned) over\b",
            rf"\b{EN_VEHICLE} (just )?(went|plowed|slammed|crashed|smashed|flew"
            r"|careened) (into|through|off)\b",
        ),
        ignore=(
            r"\b(web ?site|site|app|application|computer|server|system|page"
            r"|program|browser|phone|software|portal)s? (keeps? |has |just )?"
            r"(crash|crashed|crashes|crashing)\b",
            r"\bcrash (barriers?|pads?|test|course|cushions?)\b",
            r"\baccident (prone|waiting to happen|report)\b",
            EN_WARNING,
        ),
        cancel=(r"\bfender ?bender\b", *EN_NO_ONE_HURT, *EN_PAST, *EN_HABIT),
    ),
    # A wire on the ground stays dangerous until it is taken away, so no
    # past-time cancel here.
    "live_wire": Patterns(
        gate="wire|line|cable|spark|pole|electr|shock|voltage|transformer",
        signals=(
            r"\b(power|electric|electrical|live|utility|high voltage|con ?ed)"
            r" (lines?|wires?|cables?)\b[^.,]{0,15}\b(down|on the ground|in the"
            r" street|on the sidewalk|on the road|hanging|fallen|fell|sparking"
            r"|across)\b",
            r"\b(wires?|lines?|cables?) (is |are )?(lying|laying|down|dangling)"
            r" (on|in|across|over) (the |a |my |our )?(road|street|sidewalk|ground"
            r"|driveway|car|yard|backyard|grass|fence)\b",
            r"\blive wires?\b",
            r"\b(downed|fallen|snapped) (power |electric |electrical |utility "
            r"|live )?(lines?|wires?|cables?)\b",
            r"\b(utility|power|telephone|electric|electrical) poles? (is |has )?"
            r"(snapped|down|fell|fallen|broke|broken|knocked down)\b",
            r"\bsparking\b",
            r"\bsparks (flying|coming|shooting)\b",
            r"\b(electrified|electrocuted|stray voltage|got shocked|getting shocked)\b",
            r"\btransformer (exploded|blew|explosion|on fire|is smoking)\b",
            r"\b(fell|fallen|down) on (the |a )?(power|electric|electrical)"
            r" (lines?|wires?)\b",
        ),
        ignore=(
            r"\blive (music|bands?|performance|show|entertainment|dj|concert"
            r"|feed|stream)\b",
            r"\b(wire|chain ?link|barbed|razor) (fences?|fencing|mesh)\b",
            r"\b(cable ?tv|tv|phone|telephone|internet|fiber|fios|cable)"
            r" (wires?|lines?|cables?|box(es)?)\b",
            r"\b(christmas|holiday|xmas|string|fairy) lights?( wires?)?\b",
            r"\bclothes ?lines?\b",
        ),
        cancel=(r"\bno sparks?\b",),
    ),
    "collapse": Patterns(
        gate=(
            "collaps|caving|caved|coming down|came down|falling|fell"
            "|gave way|giving way|about to|brick|debris|chunk|sagging|buckl"
        ),
        signals=(
            r"\b(roof|ceiling|wall|balcony|porch|building|house|floor|stairs"
            r"|staircase|stairway|scaffold|scaffolding|deck|facade|chimney"
            r"|structure|crane|bridge|awning|fire escape)s? (is |are |just |has "
            r"|have |was |already )?(collapsing|collapsed|caving in|caved in"
            r"|coming down|falling down|falling in|gave way|giving way|came down"
            r"|fell (down|in))\b",
            r"(?<!there )\b(is|are) (collapsing|caving in)\b",
            r"\babout to (collapse|cave in|fall|come down|give way)\b",
            r"\b(in danger|at risk) of collaps\w*\b",
            r"\b(bricks|debris|chunks of (concrete|ceiling|brick|facade|plaster))"
            r" (are |is )?falling\b",
            r"\b(part|parts|pieces?|chunks?|sections?) of (the |a |my |our )?(\w+ )?"
            r"(building|facade|roof|ceiling|wall|balcony|bridge|overpass|house)\b"
            r"[^.]{0,20}\b(fell|falling|came down|coming down|collapsed|gave way)\b",
            r"\b(ceiling|floor|roof|balcony|beam)s?\b[^.]{0,30}\b(sagging"
            r"|buckling)\b",
        ),
        ignore=(
            r"\b(trees?|branch(es)?|limbs?)\b[^.]{0,30}\babout to (fall|come down"
            r"|collapse)\b",
            r"\bcollapsed (tents?|umbrellas?|boxes|chairs?|tables?)\b",
        ),
        cancel=(*EN_PAST, *EN_HABIT),
    ),
    "trapped": Patterns(
        gate="stuck|trapped|locked|shut|elevator|lift|buried|pinned",
        signals=(
            r"\b(stuck|trapped|locked|shut) (in|inside) (an? |the |our |my )?"
            r"(elevator|lift)\b",
            r"\b(elevator|lift)\b[^.]{0,30}\b(between floors|with (\d+|people"
            r"|someone|somebody|a \w+) (inside|in it))\b",
            r"\b(is|are|am|s|re|were|was|been|got|get|being|still) (still )?trapped\b",
            r"\btrapped (under|beneath|inside|in (the|a|his|her|their) (car|vehicle"
            r"|rubble|building|house|apartment|basement|debris|trench|hole))\b",
            rf"\b{EN_PERSON} (is |are |got |been )?(stuck|trapped|buried|pinned)\b",
        ),
        ignore=(
            rf"\b{EN_ANIMAL}\b[^.,]{{0,20}}\b(stuck|trapped)\b",
            r"\b(water|garbage|trash|leaves|debris) (is |are )?trapped\b",
            r"\btrapped (water|air|debris|garbage|trash|leaves)\b",
            r"\bfeel(s|ing)? trapped\b",
        ),
        cancel=EN_PAST,
    ),
    "flooding": Patterns(
        gate=(
            "water|flood|rising|knees|waist|chest|neck|feet|foot|inches"
            "|creek|river|stream|canal|dam|levee"
        ),
        signals=(
            r"\bwater (is |keeps |keep )?rising (into|in (our|my|the) (house|home"
            r"|apartment|basement|building)|fast|quickly)\b",
            r"\b(water|it) (keeps|is still|still) rising\b",
            r"\b(water|flood ?waters?|river|creek)\b[^.]{0,30}\b(coming|pouring"
            r"|rushing|gushing|flowing|getting|seeping|entering) (in|into|under)"
            r" (under |through )?(the |our |my )?(doors?|houses?|homes?|first floor"
            r"|ground floor|living room|apartments?)\b",
            r"\b(water|flood ?waters?)s? (is |are )?(coming|pouring|rushing|gushing)"
            r" in under\b",
            r"\b(our|my|the) (house|home|apartment|first floor|ground floor)"
            r" (is |are )?(flooding|filling (up )?with water|under ?water)\b",
            r"\b(feet|foot|inches) (of water |deep )?(in|inside) (the|our|my)"
            r" (house|home|apartment|living room|first floor|ground floor|kitchen"
            r"|bedroom)\b",
            r"\bbasement is flooding (fast|quickly|rapidly)\b",
            r"\bup to (our|my|the|his|her) (knees|waist|chest|neck)\b",
            r"\bwater\b[^.]{0,40}\b(outlets|sockets|electrical panel)\b",
            r"\b(water|flood\w*)\b[^.]{0,60}\b(can'?t|cannot|unable to) (leave"
            r"|get out|escape)\b",
            r"\b(creek|river|stream|canal|dam|levee)\b[^.]{0,20}\b(overflow\w*"
            r"|burst|breached|over (its|the) banks)\b",
            r"\bflash flood",
        ),
        cancel=(r"\bwhen(ever)? it rains\b", *EN_PAST, *EN_HABIT),
    ),
    "hot_car": Patterns(
        gate="car|vehicle|suv|van|truck",
        signals=(
            rf"\b{EN_CHILD}\b[^.]{{0,30}}\b(locked|left|alone|trapped|unattended)"
            r"\b[^.]{0,25}\b(car|vehicle|suv|van|minivan|truck)\b",
            r"\b(left|locked) (a |an |the |their |his |her |two |three )?(baby"
            r"|infant|toddler|child|children|kids?|newborn)\b[^.]{0,20}\b(in|inside)"
            r" (a |an |the |their |his |her )?(hot )?(car|vehicle|suv|van|truck)\b",
            rf"\b({EN_CHILD}|dogs?|pupp(y|ies)|pets?)\b[^.]{{0,40}}\b(car|vehicle"
            r"|suv|van|minivan|truck)\b[^.]{0,40}\b(windows? (all )?(up|closed"
            r"|rolled up|shut)|\d+ ?degrees|it'?s \d+|hot out|in the (sun|heat))",
            r"\b(dogs?|pupp(y|ies)|pets?)\b[^.]{0,30}\b(hot|locked)\b[^.]{0,20}"
            r"\b(car|vehicle|suv|van|truck)\b",
            r"\bhot (car|vehicle)\b",
        ),
        ignore=(r"\bcar seats?\b",),
        cancel=EN_PAST,
    ),
}

ES_PAST = (
    r"(?<!desde )\b(ayer|anoche|anteayer|antier)\b",
    r"\b(la semana|el mes|el ano|el invierno|el verano) pasad[oa]\b",
    r"(?<!desde )\bhace (unos |unas |varios |varias |\w+ )?(dias|semanas|meses|anos)\b",
)
ES_SETTLED = (r"\b(arreglaron|repararon|apagaron)\b",)
ES_HABIT = (
    r"\b(todas las noches|todos los dias|todas las mananas)\b",
    r"\bcada (vez|dia|noche|semana)\b",
    r"\bsiempre\b",
)
ES_NO_ONE_HURT = (
    r"\bno hay heridos\b",
    r"\bsin heridos\b",
    r"\bnadie (esta |salio |resulto |quedo )?herido\b",
    r"\bno (estoy|esta|estamos) herid[oa]s?\b",
)
ES_WARNING = (
    r"\b(casi|por poco|pueden?|podria|va a|van a|se va a|antes de que)\b[^.,]{0,20}"
    r"\b(atropell\w*|chocar|choque\w*|lastim\w*|herir\w*)\b"
)
ES_ANIMAL = (
    r"(perr[oa]s?|gat[oa]s?|pajar[oa]s?|palomas?|animal(es)?|ardillas?"
    r"|mapaches?|caballos?|ratas?|ratones?)"
)
ES_CHILD = (
    r"(bebes?|ninos?|ninas?|nenes?|nenas?|criaturas?|chamac[oa]s?|chamaquit[oa]s?)"
)
ES_PERSON = (
    r"(hombres?|mujer(es)?|senor|senora|persona|personas|nino|nina|joven|jovenes"
    r"|muchach[oa]s?|ancian[oa]|tipos?|sujetos?|alguien)"
)
ES_CAR = r"(carro|coche|auto|camioneta|vehiculo|troca|van)"
ES_STRUCTURE = (
    r"(techo|pared|barda|balcon|edificio|casa|escalera|piso|andamio|muro|fachada)"
)

SPANISH: dict[str, Patterns] = {
    "fire": Patterns(
        gate="incendi|fuego|llama|quema|ardi|humo|bomberos|explosion",
        signals=(
            r"\bincendi\w*\b",
            r"\bfuego\b",
            r"\b(en|salen|salian) llamas\b",
            r"\b(hay|veo|se ven) llamas\b",
            r"\bllamas (saliendo|salen)\b",
            r"\b(se (esta|estan) quemando|quemandose|esta ardiendo|ardiendo)\b",
            r"\b(sale|salen|saliendo|hay) (mucho |muchisimo |bastante )?humo\b",
            r"\bhuele a (humo|quemado)\b",
            r"\b(manden|llamen|necesito|necesitamos) (a )?(los )?bomberos\b",
            r"\bexplosion\b",
        ),
        ignore=(
            r"\b(boca|bocas|hidrantes?) de (incendios?|riego)\b",
            r"\b(salidas?|escaleras?|escape|alarmas?|extintor(es)?|puertas?|riesgo"
            r"|peligro) (de|contra) incendios?\b",
            r"\bfuegos artificiales\b",
            r"\b(detector(es)?|alarmas?) de humo\b",
            r"\bhumo de (cigarros?|cigarrillos?|tabaco|marihuana|mota|los carros"
            r"|los camiones|escape|la parrilla|asador)\b",
            r"\bestacion de bomberos\b",
        ),
        cancel=(
            r"\bno hay (humo|fuego|incendio)\b",
            r"\bsin (humo|fuego)\b",
            r"\bhubo un incendio\b",
            *ES_PAST,
            *ES_SETTLED,
            *ES_HABIT,
        ),
    ),
    "gas": Patterns(
        gate="gas|huevo",
        signals=(
            r"\bhuele (\w+ ){0,2}a gas\b",
            r"\bolor (\w+ ){0,2}(a|de) gas\b",
            r"\b(fuga|escape|salida) de gas\b",
            r"\b(tuberia|tubo|linea|llave|manguera) del? gas\b[^.]{0,30}\b(rompio"
            r"|rota?|rompieron|fuga|saliendo|sale)\b",
            r"\b(rompio|rompieron|revento)\b[^.]{0,20}\b(tuberia|tubo|linea) de gas\b",
            r"\bgas (saliendo|se esta saliendo|se sale|esta saliendo)\b",
            r"\bse (oye|escucha) (salir )?el gas\b",
            r"\bhuevos? podridos?\b",
        ),
        ignore=(r"\b(alcantarilla|drenaje|coladera)s?\b[^.]{0,30}\bhuevos? podridos?",),
        cancel=(
            r"\bno (huele|hay olor) a gas\b",
            r"\bno (tenemos|hay) gas\b",
            *ES_PAST,
            *ES_SETTLED,
        ),
    ),
    "carbon_monoxide": Patterns(
        gate="monoxido",
        signals=(
            r"\b(alarmas?|detector(es)?) de monoxido( de carbono)?\b[^.]{0,25}"
            r"\b(sonando|suena|sono|pitando|no para|se activo|se prendio)\b",
            r"\b(hay|huele a|intoxica\w*|envenenamiento|fuga) (por |de )?monoxido\b",
            r"\bmonoxido\b[^.]{0,40}\b(mareados?|mareadas?|mareo|dolor de cabeza"
            r"|duele la cabeza|vomit\w*|nause\w*|desmay\w*)\b",
        ),
        cancel=(r"\b(baterias?|pilas?)\b", *ES_PAST),
    ),
    "injury": Patterns(
        gate=(
            "respir|inconscien|desmay|despierta|reacciona|responde|sangr"
            "|herid|lastim|levant|mueve|mover|ahog|ambulancia|ataque"
            "|convulsi|cabeza|tirad"
        ),
        signals=(
            r"\bno (respira|puede respirar|podia respirar|puedo respirar)\b",
            r"\b(respira|respirando) (muy )?(poco|mal|con dificultad)\b",
            r"\b(inconscientes?|desmayad[oa]s?|se desmayo)\b",
            r"\bno (despierta|se despierta|reacciona|responde)\b",
            r"\bsangrando\b",
            r"\bherid[oa]s?\b",
            r"\b(esta|estan|salio|quedo) (muy |gravemente )?lastimad[oa]s?\b",
            r"\bno se (puede )?(levanta|levantar|mueve|mover)\b",
            r"\b(se (esta )?ahogando|se ahogo|ahogandose)\b",
            r"\b(necesito|necesitamos|manden|mande|llamen|envien|urge) (una )?"
            r"ambulancia\b",
            r"\bataque (al corazon|cardiaco|epileptico)\b",
            r"\bconvulsi\w*\b",
            r"\bse (golpeo|pego|lastimo) (en )?la cabeza\b",
            rf"\b{ES_PERSON}\b[^.]{{0,15}}\btirad[oa]s?\b",
        ),
        ignore=(
            rf"\b{ES_ANIMAL}\b[^.,]{{0,25}}\b(herid[oa]s?|sangrando|no se mueve"
            r"|lastimad[oa]s?|tirad[oa]s?)\b",
            ES_WARNING,
        ),
        cancel=(*ES_NO_ONE_HURT, *ES_PAST),
    ),
    "overdose": Patterns(
        gate="sobredosis|pastillas|pildoras|medicinas|tabletas|narcan|naloxona",
        signals=(
            r"\bsobredosis\b",
            r"\b(tomo|se tomo|trago|se trago|tomaron)\b[^.]{0,30}\b(demasiadas"
            r"|muchas|monton|todas|frasco|bote|caja)\b[^.]{0,20}\b(pastillas"
            r"|pildoras|medicinas|tabletas)\b",
            r"\bnecesita (narcan|naloxona)\b",
        ),
        ignore=(r"\bprevencion de (la )?sobredosis\b",),
        cancel=ES_PAST,
    ),
    "violence": Patterns(
        gate=(
            "pistola|arma|cuchillo|navaja|machete|rifle|escopeta|revolver"
            "|dispar|balaz|balacera|tiroteo|tiros|balearon|apunal|acuchill"
            "|golpea|pegando|matar|auxilio|ayuda"
        ),
        signals=(
            r"\b(con|tiene|trae|saco|apuntando con|amenazando con) (una |un )?"
            r"(pistola|arma|cuchillo|navaja|machete|rifle|escopeta|revolver)\b",
            rf"\b{ES_PERSON}\b[^.]{{0,10}}\barmad[oa]s?\b",
            r"\b(disparos|balazos|balacera|tiroteo|tiros)\b",
            r"\b(le|lo|la|me|nos) (dispararon|disparo|balearon|apunalaron|apunalo"
            r"|acuchillaron)\b",
            r"\bapunal\w*\b",
            r"\b(golpeando|pegando) a\b",
            r"\b(me|nos|la|lo) (esta|estan) (golpeando|pegando)\b",
            r"\b(lo|la|me|nos|te) (va|van) a matar\b",
            r"\bamenaz\w* (con|de) matar\b",
            r"\b(gritando|pidiendo) (auxilio|ayuda)\b",
        ),
        ignore=(r"\bpistola de (agua|clavos|pintura|silicon)\b",),
        cancel=(r"\b(fuegos artificiales|cohetes|cuetes)\b", *ES_PAST, *ES_HABIT),
    ),
    "crime_in_progress": Patterns(
        gate=(
            "robando|asaltando|metiendo|forzando|rompiendo|alguien|hombre"
            "|tipo|extran|ladron|robo|asalto|tratando|intentando"
        ),
        signals=(
            r"\b(esta|estan) (robando|asaltando|metiendose|forzando)\b",
            r"\bse (esta|estan) metiendo\b",
            r"\b(esta|estan) rompiendo (los |las )?(vidrios|ventanas|cristales"
            r"|puertas?|candados?|chapas?)\b",
            r"\b(alguien|un hombre|unos hombres|un tipo|extranos|un extrano"
            r"|ladron(es)?) (esta )?(dentro de|adentro de|en) mi (casa|departamento"
            r"|apartamento|cuarto|recamara)\b",
            r"\bladron(es)? (en|dentro|adentro)\b",
            r"\b(robo|asalto) en (progreso|curso)\b",
            r"\b(tratando|intentando) de (entrar|meterse|abrir|forzar)\b",
        ),
        cancel=(*ES_PAST, *ES_HABIT),
    ),
    "crash": Patterns(
        gate="choque|atropell|chocar|accidente|volc|volteo",
        signals=(
            r"\bchoque\b",
            r"\batropell\w*\b",
            r"\bacaba(n)? de (chocar|atropellar)\b",
            r"\baccidente (de|en) (carro|coche|auto|moto|motocicleta|transito"
            r"|trafico|la carretera)\b",
            rf"\b{ES_CAR}\b[^.]{{0,10}}\b(se volco|volcado|se volteo)\b",
        ),
        ignore=(ES_WARNING,),
        cancel=(r"\bleve\b", *ES_NO_ONE_HURT, *ES_PAST, *ES_HABIT),
    ),
    "live_wire": Patterns(
        gate="cable|poste|chispa|transformador",
        signals=(
            r"\bcables?\b[^.,]{0,25}\b(caidos?|en el suelo|en la calle|colgando"
            r"|echando chispas|tirados?)\b",
            r"\b(se cayo|se cayeron|cayeron) (el |los )?cables?\b",
            r"\bpostes? (de luz )?(caidos?|se cayo|tirados?)\b",
            r"\b(chispas|chispazos)\b",
            r"\btransformador\b[^.]{0,20}\b(exploto|chispas|fuego|humo)\b",
        ),
        ignore=(r"\bcables? del? (internet|television|tv|telefono|cable|fibra)\b",),
        cancel=(r"\bno (hay|salen) chispas\b",),
    ),
    "collapse": Patterns(
        gate="derrumb|desplom|abajo|cayendo|cayo|cayeron|punto de|colaps",
        signals=(
            r"\bse (esta |estan )?(derrumbando|desplomando|viniendo abajo)\b",
            r"\bse (vino|vinieron|viene) abajo\b",
            rf"\b{ES_STRUCTURE}\b[^.]{{0,15}}\bse (esta |estan )?cayendo\b",
            rf"\bse (cayo|cayeron) (el |la |los |las |parte del? )?{ES_STRUCTURE}",
            r"\ba punto de (caerse|caer|derrumbarse|colapsar|desplomarse"
            r"|venirse abajo)\b",
            r"\b(derrumbe|se derrumbo|se colapso|se desplomo)\b",
        ),
        ignore=(
            r"\b(arbol(es)?|ramas?)\b[^.]{0,30}\b(a punto de|se esta cayendo"
            r"|se va a caer)\b",
        ),
        cancel=(*ES_PAST, *ES_HABIT),
    ),
    "trapped": Patterns(
        gate="atrapad|encerrad|atorad|atascad|enterrad|sepultad",
        signals=(
            r"\batrapad[oa]s?\b",
            r"\b(encerrad[oa]s?|atorad[oa]s?|atascad[oa]s?) en (el|un) (ascensor"
            r"|elevador)\b",
            r"\b(enterrad[oa]s?|sepultad[oa]s?) (bajo|en)\b",
        ),
        ignore=(rf"\b{ES_ANIMAL}\b[^.,]{{0,25}}\batrapad[oa]s?\b",),
        cancel=ES_PAST,
    ),
    "flooding": Patterns(
        gate="agua|inunda|desbord|llega",
        signals=(
            r"\bel agua (esta |sigue |va )?subiendo\b",
            r"\b(sigue|esta) subiendo el agua\b",
            r"\bse (esta |estan )?inunda\w*\b[^.]{0,10}\b(la casa|mi casa|el sotano"
            r"|el departamento|el apartamento|nuestra casa|las casas)\b",
            r"\b(la casa|mi casa|el sotano|el departamento|nuestra casa)\b[^.]{0,10}"
            r"\bse (esta )?inunda\w*\b",
            r"\b(ya )?(entro|esta entrando|se metio) (el )?agua\b",
            r"\bagua (ya )?(entro|esta entrando|se metio)\b",
            r"\b(nos|me|le) llega (a|hasta) (las rodillas|la rodilla|la cintura"
            r"|el pecho)\b",
            r"\b(rio|arroyo|canal|presa)\b[^.]{0,20}\bdesbord\w*\b",
        ),
        cancel=(r"\bcuando llueve\b", *ES_PAST, *ES_HABIT),
    ),
    "hot_car": Patterns(
        gate="carro|coche|auto|camioneta|vehiculo|troca|van",
        signals=(
            rf"\b({ES_CHILD}|perr[oa]s?|perrit[oa]s?|mascotas?)\b[^.]{{0,30}}"
            r"\b(sol[oa]s?|encerrad[oa]s?|dejad[oa]s?|dentro|adentro"
            rf"|atrapad[oa]s?)\b[^.]{{0,25}}\b{ES_CAR}\b",
        ),
        cancel=ES_PAST,
    ),
}

PATTERNS: dict[str, dict[str, Patterns]] = {"en": ENGLISH, "es": SPANISH}


@dataclass(frozen=True)
class _Rule:
    kind: str
    gate: re.Pattern[str]
    signals: re.Pattern[str]
    ignore: re.Pattern[str] | None
    cancel: re.Pattern[str] | None

    def matches(self, folded: str) -> bool:
        """Whether ``folded`` (see ``fold``) reads as this kind.

        The signals are searched on the whole text before ignored phrases
        are blanked out: blanking only ever removes matches, and most texts
        match nothing, so the other searches rarely run.
        """
        if not self.gate.search(folded) or not self.signals.search(folded):
            return False

        if self.ignore is not None:
            folded = self.ignore.sub("#", folded)
            if not self.signals.search(folded):
                return False

        return self.cancel is None or not self.cancel.search(folded)


def _either(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    if not patterns:
        return None
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns))


def _compile(table: dict[str, Patterns]) -> tuple[_Rule, ...]:
    rules = []
    for kind, patterns in table.items():
        signals = _either(patterns.signals)
        assert kind in KINDS and signals is not None and patterns.gate, kind
        gate = re.compile("|".join(re.escape(stem) for stem in patterns.stems))
        ignore, cancel = _either(patterns.ignore), _either(patterns.cancel)
        rules.append(_Rule(kind, gate, signals, ignore, cancel))
    return tuple(rules)


RULES: dict[str, tuple[_Rule, ...]] = {
    language: _compile(table) for language, table in PATTERNS.items()
}
EVERY_RULE = tuple(rule for rules in RULES.values() for rule in rules)

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'"})
_SPACES = re.compile(r"[\s_\-\u2010-\u2015]+")


def fold(text: str) -> str:
    """``text`` in the form the patterns are written for: no accents,
    case folded, one kind of apostrophe, hyphens and runs of white space
    turned into one space."""
    bare = text
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _SPACES.sub(" ", bare.casefold().translate(_APOSTROPHES))


def assess(text: str) -> Assessment:
    """Whether ``text`` reads like an emergency, and which kinds.

    Every language's patterns are searched, whatever language the resident
    chose: many write in one language with the site or app in another.
    Never raises on any string; empty text is not an emergency.
    """
    if not text.strip():
        return Assessment(emergency=False)

    folded = fold(text)
    kinds = sorted({rule.kind for rule in EVERY_RULE if rule.matches(folded)})
    return Assessment(emergency=bool(kinds), kinds=tuple(kinds))


def advice() -> str:
    """The sentence that tells a resident to call the emergency number,
    in the active language. Needs Django settings with a city profile."""
    # Imported here so that assess() works without configured settings.
    from django.conf import settings
    from django.utils.translation import gettext

    return gettext(
        "If anyone is in danger, call %(number)s now; do not wait for an answer "
        "to this request."
    ) % {"number": settings.CITY.emergency_number}
