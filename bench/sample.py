"""What the benchmark's city looks like: its catalog and the words its
residents use. Plain data, no Django."""

# Department slug and name, then its services: code, name, days to resolve.
CATALOG: tuple[tuple[str, str, tuple[tuple[str, str, int], ...]], ...] = (
    (
        "tes",
        "Transportation and Environmental Services",
        (
            ("pothole", "Pothole", 5),
            ("streetlight-out", "Streetlight out", 10),
            ("traffic-signal", "Traffic signal problem", 2),
            ("sidewalk-repair", "Sidewalk repair", 30),
            ("street-sweeping", "Street sweeping", 10),
        ),
    ),
    (
        "resource-recovery",
        "Resource Recovery",
        (
            ("missed-trash", "Missed trash collection", 2),
            ("missed-recycling", "Missed recycling collection", 2),
            ("bulk-pickup", "Bulk item pickup", 7),
            ("yard-waste", "Yard waste collection", 7),
            ("illegal-dumping", "Illegal dumping", 5),
        ),
    ),
    (
        "rpca",
        "Recreation, Parks and Cultural Activities",
        (
            ("park-maintenance", "Park maintenance", 10),
            ("tree-down", "Tree down", 3),
            ("tree-trimming", "Tree trimming", 60),
            ("playground-repair", "Playground repair", 14),
            ("park-graffiti", "Graffiti in a park", 7),
        ),
    ),
    (
        "code",
        "Code Administration",
        (
            ("property-maintenance", "Property maintenance", 20),
            ("tall-grass", "Tall grass or weeds", 14),
            ("vacant-building", "Vacant or open building", 20),
            ("construction-hours", "Construction outside allowed hours", 3),
            ("rental-housing", "Rental housing conditions", 20),
        ),
    ),
    (
        "parking",
        "Parking Enforcement",
        (
            ("abandoned-vehicle", "Abandoned vehicle", 10),
            ("blocked-driveway", "Blocked driveway", 1),
            ("parking-meter", "Broken parking meter", 5),
            ("residential-permit", "Residential permit parking violation", 2),
            ("oversized-vehicle", "Oversized vehicle parked", 5),
        ),
    ),
    (
        "health",
        "Health Department",
        (
            ("rodents", "Rats or mice", 10),
            ("mosquitoes", "Standing water or mosquitoes", 10),
            ("food-safety", "Food safety complaint", 5),
            ("pool-safety", "Public pool safety", 5),
            ("smoking-complaint", "Smoking in a public place", 10),
        ),
    ),
    (
        "animal-services",
        "Animal Services",
        (
            ("dead-animal", "Dead animal removal", 2),
            ("stray-animal", "Stray animal", 1),
            ("barking-dog", "Barking dog", 10),
            ("wildlife", "Injured wildlife", 1),
            ("animal-bite", "Animal bite", 1),
        ),
    ),
    (
        "dash",
        "DASH Transit",
        (
            ("bus-stop", "Bus stop damaged", 10),
            ("bus-shelter", "Bus shelter needs cleaning", 7),
            ("bus-schedule", "Bus late or early", 10),
            ("bus-driver", "Bus driver feedback", 10),
            ("bike-share", "Bike share station problem", 5),
        ),
    ),
)

# Service codes from most to least asked for; the weight of the rank r
# (from 1) is 1 / r**1.1, so the first five take about half the requests.
POPULARITY = (
    "missed-trash",
    "pothole",
    "streetlight-out",
    "bulk-pickup",
    "abandoned-vehicle",
    "missed-recycling",
    "tall-grass",
    "illegal-dumping",
    "tree-down",
    "rodents",
    "blocked-driveway",
    "dead-animal",
    "sidewalk-repair",
    "traffic-signal",
    "property-maintenance",
    "park-maintenance",
    "yard-waste",
    "stray-animal",
    "street-sweeping",
    "tree-trimming",
    "residential-permit",
    "barking-dog",
    "bus-stop",
    "construction-hours",
    "mosquitoes",
    "park-graffiti",
    "parking-meter",
    "food-safety",
    "bus-shelter",
    "rental-housing",
    "vacant-building",
    "oversized-vehicle",
    "playground-repair",
    "bus-schedule",
    "wildlife",
    "bike-share",
    "bus-driver",
    "smoking-complaint",
    "pool-safety",
    "animal-bite",
)

STREETS = (
    "King St",
    "Duke St",
    "Washington St",
    "Mount Vernon Ave",
    "Braddock Rd",
    "Seminary Rd",
    "Van Dorn St",
    "Eisenhower Ave",
    "Commonwealth Ave",
    "Cameron St",
    "Prince St",
    "Patrick St",
    "Henry St",
    "Glebe Rd",
    "Beauregard St",
    "Quaker Ln",
    "Janneys Ln",
    "Russell Rd",
    "Fairfax St",
    "Union St",
    "Royal St",
    "Pitt St",
    "St Asaph St",
    "Columbus St",
    "Alfred St",
    "Payne St",
    "Fayette St",
    "Jefferson St",
    "Franklin St",
    "Wythe St",
)

# Slugs of the demo city's neighbourhoods, as its profile names them.
NEIGHBOURHOODS = (
    "old-town",
    "del-ray",
    "rosemont",
    "seminary-hill",
    "beauregard",
    "landmark-van-dorn",
)
ZIPCODES = (
    "22301",
    "22302",
    "22304",
    "22305",
    "22311",
    "22312",
    "22314",
)

# Short descriptions: a problem, then where it is.
PROBLEMS = (
    "Large hole in the right lane",
    "Not picked up this week",
    "Light has been out for days",
    "Several bags left on the curb",
    "Car has not moved in weeks",
    "Blocking the sidewalk",
    "Getting worse after the rain",
    "Neighbors have reported this before",
    "Happens every morning",
    "Please send someone soon",
    "Dangerous for cyclists",
    "Kids play here",
)
PLACES = (
    "near the corner",
    "in front of the school",
    "by the bus stop",
    "across from the park",
    "behind the library",
    "next to the church",
    "at the intersection",
    "in the alley",
)

CLOSING_NOTES = (
    "Crew completed the work.",
    "Inspected; no further action needed.",
    "Fixed during the scheduled route.",
    "Referred to the property owner.",
    "Duplicate of an earlier report.",
)

# Internal states with their share of open and of closed requests.
OPEN_STATES = (
    ("submitted", 25),
    ("acknowledged", 20),
    ("assigned", 25),
    ("in_progress", 20),
    ("on_hold", 5),
    ("reopened", 5),
)
CLOSED_STATES = (
    ("resolved", 67),
    ("closed", 20),
    ("duplicate", 7),
    ("referred", 3),
    ("cancelled", 3),
)

CHANNELS = (
    ("web", 35),
    ("phone", 30),
    ("mobile", 20),
    ("api", 5),
    ("email", 5),
    ("chat", 3),
    ("social", 1),
    ("walk_in", 1),
)

LANGUAGES = (("en", 90), ("es", 7), ("am", 1), ("ar", 1), ("fr", 1))
