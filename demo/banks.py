"""Words for the demo: children's names, need descriptions, barriers with adjustments, profile phrases.

Plain data, no Django. Each need type has its own bank, written the way a SENDCo would write it, so
the demo reads like real practice. Phrases are str.format templates; the generator fills in:

    {name} the pupil's forename      {he} {He} {him} {his} {His}  pronouns
    {interest} {interest2}  two interests    {adult}  the named adult ("Miss Holland")
    {family}  "my mum and dad"               {special_thing}  "our dog, Biscuit"

demo/tests/test_banks.py formats every template, so a typo in a placeholder fails a test, not the demo.
"""

from __future__ import annotations

from dataclasses import dataclass

ADJ = "adjustment"
ACC = "accommodation"


@dataclass(frozen=True)
class BarrierText:
    title: str
    description: str
    adjustments: tuple[tuple[str, str], ...]  # (kind, description)


@dataclass(frozen=True)
class Variant:
    """One way a need shows itself; a diagnosis (optional) and the barriers that usually come with it."""

    description: str
    diagnosis: str = ""
    diagnosis_source: str = ""
    barriers: tuple[int, ...] = ()  # indices into NeedBank.barriers, tried first


@dataclass(frozen=True)
class NeedBank:
    variants: tuple[Variant, ...]
    diagnosis_share: float
    barriers: tuple[BarrierText, ...]
    how_to_support: tuple[str, ...]
    communication: tuple[str, ...]
    important: tuple[str, ...]
    dislikes: tuple[str, ...]
    strengths: tuple[str, ...]
    works: tuple[str, ...]
    doesnt: tuple[str, ...]
    reasons: tuple[str, ...]  # why the pupil was placed on SEN support
    medical: tuple[str, ...] = ()  # empty: the generic medical bank
    secondary: tuple[str, ...] = ()  # need types that often come with this one, for rank 2


# --- names -------------------------------------------------------------------------------------------
# Forenames given to children born 2007-2022 (ONS baby names, top 100s), so the demo's pupils are not
# called Linda and Keith. Adults' names and all surnames come from Faker's en_GB lists.
# fmt: off
GIRLS = (
    "Olivia", "Amelia", "Isla", "Ava", "Mia", "Ivy", "Lily", "Isabella", "Rosie", "Sophia", "Grace", "Willow",
    "Freya", "Florence", "Emily", "Ella", "Poppy", "Evie", "Elsie", "Charlotte", "Evelyn", "Sienna", "Daisy",
    "Phoebe", "Sophie", "Alice", "Harper", "Matilda", "Ruby", "Emilia", "Maya", "Millie", "Isabelle", "Erin",
    "Jessica", "Chloe", "Ellie", "Lucy", "Layla", "Esme", "Hallie", "Aria", "Zara", "Scarlett", "Maisie", "Holly",
    "Imogen", "Eliza", "Ayla", "Nancy", "Orla", "Thea", "Amber", "Hannah", "Lola", "Megan", "Molly", "Niamh", "Eva",
    "Bella", "Harriet", "Lottie", "Aisha", "Amara", "Jasmine", "Leah", "Summer",
)
BOYS = (
    "Oliver", "George", "Noah", "Arthur", "Leo", "Muhammad", "Harry", "Oscar", "Archie", "Henry", "Theodore",
    "Freddie", "Jack", "Charlie", "Theo", "Jacob", "Alfie", "Thomas", "William", "Finley", "Lucas", "Isaac",
    "Joshua", "Edward", "Teddy", "Max", "Ethan", "Tommy", "Reggie", "James", "Alexander", "Samuel", "Logan",
    "Mason", "Harrison", "Daniel", "Dylan", "Riley", "Jude", "Ezra", "Albie", "Louie", "Ronnie", "Joseph", "Sonny",
    "Elijah", "Rory", "Hugo", "Toby", "Jenson", "Zachary", "Benjamin", "Kai", "Ollie", "Tyler", "Ryan", "Callum",
    "Kian", "Ibrahim", "Yusuf", "Bobby", "Frankie", "Ellis", "Jayden", "Caleb", "Aaron",
)
# fmt: on
# Pupils with English as an additional language: names from the main languages in English schools.
# fmt: off
EAL_GIRLS = (
    "Zofia", "Maja", "Hanna", "Amelia", "Oliwia", "Ioana", "Maria", "Andreea", "Fatima", "Maryam", "Zainab",
    "Aisha", "Hafsa", "Ayesha", "Inaya", "Anaya", "Priya", "Simran", "Ananya", "Nusrat", "Tahmina", "Hodan",
    "Sagal", "Ifeoma", "Chiamaka", "Beatriz", "Inês", "Gabija", "Emilija", "Elif", "Defne", "Yasmin", "Mei",
)
EAL_BOYS = (
    "Jakub", "Kacper", "Szymon", "Antoni", "Filip", "Andrei", "Luca", "David", "Mohammed", "Ibrahim", "Yusuf",
    "Hamza", "Ayaan", "Zayan", "Rayyan", "Arjun", "Aarav", "Vihaan", "Rahim", "Tanvir", "Abdirahman", "Liban",
    "Chidi", "Tobenna", "Tiago", "Rodrigo", "Lukas", "Matas", "Emir", "Yusuf", "Omar", "Bilal", "Wei",
)
EAL_SURNAMES = (
    "Nowak", "Kowalski", "Wiśniewski", "Lewandowski", "Popescu", "Ionescu", "Stan", "Khan", "Hussain", "Ahmed",
    "Ali", "Begum", "Rahman", "Islam", "Patel", "Singh", "Kaur", "Sharma", "Gupta", "Mohamed", "Abdi", "Warsame",
    "Okafor", "Adeyemi", "Nwosu", "Silva", "Santos", "Ferreira", "Kazlauskas", "Petrauskas", "Yilmaz", "Demir",
    "Chen", "Wang", "Nguyen", "Hassan", "Osman", "Mahmood", "Iqbal", "Chowdhury",
)
# fmt: on
NICKNAMES = {
    "Alexander": "Alex",
    "William": "Will",
    "Thomas": "Tom",
    "Samuel": "Sam",
    "Benjamin": "Ben",
    "Joseph": "Joe",
    "Daniel": "Dan",
    "Zachary": "Zac",
    "Theodore": "Teddy",
    "Edward": "Ed",
    "Charlotte": "Lottie",
    "Isabella": "Bella",
    "Elizabeth": "Libby",
    "Jessica": "Jess",
    "Isabelle": "Izzy",
    "Matilda": "Tilly",
    "Florence": "Florrie",
    "Eliza": "Lizzie",
}

# --- the pupil's world ---------------------------------------------------------------------------------
# fmt: off
INTERESTS_PRIMARY = (
    "dinosaurs", "Minecraft", "football", "drawing", "Lego", "gymnastics", "horses", "baking", "trains", "Pokémon",
    "space and the planets", "swimming", "dancing", "sharks", "superheroes", "making slime", "riding my scooter",
    "Harry Potter", "animals", "building dens", "magic tricks", "singing",
)
INTERESTS_SECONDARY = (
    "gaming with my friends", "football", "music", "anime", "cooking", "drawing manga", "boxing", "fixing bikes",
    "dance", "coding", "photography", "skateboarding", "make-up and nails", "Formula 1", "fishing with my dad",
    "basketball", "writing stories", "playing the guitar", "true-crime podcasts", "climbing", "cars",
)
INTERESTS_SPECIAL = (
    "music and singing", "water play", "the sensory room", "swinging", "Thomas the Tank Engine", "bubbles",
    "being outdoors", "Peppa Pig", "lights and spinning things", "hydrotherapy", "trampolining", "buses",
    "Makaton songs", "stories with props", "the soft-play room", "cooking sessions", "horse riding",
)
FAMILIES = (
    "my mum", "my mum and dad", "my dad", "my nan and grandad", "my mum and my little brother", "my big sister",
    "my dad and my stepmum", "my mum and my two sisters", "my grandma, who I live with", "my family",
    "my mum, my dad and our baby",
)
# fmt: on
FOSTER_FAMILY = "my foster family"
# fmt: off
SPECIAL_THINGS = (
    "our dog, Biscuit", "my cat, Luna", "my rabbit, Pickle", "my hamster, Nugget", "my tablet", "my football team",
    "my bike", "my grandad's allotment", "my little sister", "my bedroom and my own things", "my gymnastics club",
    "my Beavers group", "my swimming lessons", "our tortoise, Speedy", "my Xbox", "my Saturday football",
    "my church choir", "my Quran class", "my cousins' house at the weekend",
)
LIKES = (
    "being outside", "playing with my friends at break", "comics", "art lessons", "PE", "helping in the classroom",
    "music", "swimming", "going to the park", "funny videos", "cooking at home", "forest school",
    "quiet reading time", "playing board games", "the school library", "riding my bike",
)
# fmt: on

# --- generic profile phrases (every need type) -------------------------------------------------------
ADMIRE = (
    "I'm kind and I always notice when someone is on their own at playtime.",
    "People say I have a great sense of humour and a big laugh.",
    "I'm really helpful: I'm the first to offer to tidy up or hand things out.",
    "I'm loyal to my friends and I stick up for people.",
    "My teachers say I'm determined and I don't give up easily.",
    "I'm gentle and patient with younger children.",
    "I'm creative and full of ideas.",
    "I'm polite and I always say thank you.",
    "I have a lovely smile that makes other people smile too.",
    "I'm brave about trying things that are hard for me.",
    "I'm curious and I ask brilliant questions.",
    "I'm a good listener when my friends are upset.",
    "I'm thoughtful: I remember people's birthdays and what they like.",
    "I'm enthusiastic. When I love something, everyone knows about it.",
)
# For children with profound, severe or multi-sensory needs, in place of the phrases above that assume speech.
ADMIRE_COMPLEX = (
    "I have a wonderful smile that lights up the room.",
    "I'm sociable and I love being with people.",
    "I'm determined and I keep trying.",
    "I'm cheeky and have a great sense of fun.",
    "I notice when my friends are upset, and I reach out to them.",
    "I'm calm and patient, and I let people know when I'm happy.",
)
COMPLEX_NEEDS = frozenset({"PMLD", "SLD", "MSI"})
STRENGTHS = (
    "Art and making things.",
    "Sport, especially running and football.",
    "I'm good with computers and technology.",
    "Looking after animals.",
    "Being a good friend.",
    "Music: I can remember a song after hearing it once.",
    "Building and construction.",
    "Practical problem-solving.",
    "I'm a strong swimmer.",
    "Cooking and baking.",
    "Remembering facts about {interest}.",
    "I'm a good team player.",
)
IMPORTANT = (
    "{family}, and {special_thing}.",
    "Seeing my friends at break and lunchtime.",
    "Being trusted with jobs in the classroom.",
    "{special_thing}: ask me about it!",
    "Having time for {interest}.",
    "Knowing that {adult} is there if I need them.",
)
DISLIKES = (
    "Wet play.",
    "When people are unkind to each other.",
    "Spicy food.",
    "Waiting in long queues.",
    "Being rushed.",
    "Being told off for something I didn't do.",
    "Losing at games (I'm working on it!).",
    "Cold mornings.",
)
MEDICAL_NONE = "None known."
MEDICAL = (
    "I have asthma. My blue inhaler is in my bag and a spare is in the office; I may need it in PE and when it's cold.",
    "I have a nut allergy. My two adrenaline pens are in the classroom medical bag and in the office.",
    "I have eczema. I may need cream at lunchtime, and woollen jumpers and hot rooms make it itchy.",
    "I wear glasses for reading and for looking at the board.",
    "I get hay fever in the summer term; I take an antihistamine at home before school.",
    "I have type 1 diabetes. My care plan is in the office; I check my levels before lunch and PE and may need a snack in lessons.",
    "I have absence seizures. My care plan is in the office; please tell {family} if you notice me 'zoning out'.",
)

PARENTS_INFORMED_HOW = (
    "Letter and meeting with the SENDCo",
    "Meeting with parents, followed by a letter",
    "Phone call, followed by a letter",
    "At the parents' evening meeting, followed by a letter",
    "Letter, then a meeting with the class teacher and SENDCo",
)
PARENTS_INFORMED_HOW_EHCP = (
    "Copy of the final EHC plan from the LA; meeting with the SENDCo",
    "Letter and meeting with the SENDCo",
    "Discussed at the transition meeting; letter sent home",
)
REASON_EHCP_AFTER_SUPPORT = (
    "EHC plan issued by {la} on {issued}, following a needs assessment requested by the school with the "
    "parents' support. The plan names {school}.",
    "Final EHC plan issued by {la} on {issued}. The assessment drew on two years of SEN support records, "
    "educational psychology and speech and language therapy advice. The plan names {school}.",
)
REASON_EHCP_ON_ARRIVAL = (
    "{name} joined {school} with an EHC plan issued by {la}, which names the school.",
    "{name} started at {school} with an EHC plan from {la}; the school was named after consultation.",
)
REASON_EHCP_EARLY = (
    "EHC plan issued by {la} on {issued}, following a needs assessment requested by the parents and nursery "
    "before {name} started school. The plan names {school}.",
)
REASON_ASSESSMENT_PLACE = (
    "{name} joined {school} on an assessment place while {la} completes an EHC needs assessment. Agreed with "
    "parents to record SEN support until the plan is issued.",
)
REASON_REMOVED = (
    "{name} has made good progress over three cycles of support and now makes expected progress with "
    "quality-first teaching. Agreed with parents to remove {him} from the SEN register and keep a close eye "
    "over the next two terms.",
    "The review showed the barriers that led to SEN support are no longer getting in the way: {name} manages "
    "with the adjustments every class has. Agreed with parents and {name} to remove {him} from the register.",
)
NEED_ENDED = "Removed from the SEN register after review: {name} is making expected progress."
BARRIER_ARCHIVED = "No longer a barrier after the review: {name} now manages this with quality-first teaching."
RECENT_DECISION_NOTE = "letter to send"

# A profile is a living document (Code 6.49): later versions record what changed and why.
CHANGE_NOTES = {
    "named_adult": "New named adult chosen by {name} after moving class.",
    "works": "Added what we learned at the review: a strategy that works well.",
    "doesnt": "Moved a strategy that stopped working to 'strategies that don't work', after the review.",
    "likes": "{name} asked to update likes and interests.",
    "medical": "Medical information updated after a letter from the GP.",
    "communication": "Updated how I communicate, after gathering {name}'s views with a card sort.",
}

# --- need banks ----------------------------------------------------------------------------------------
SLCN = NeedBank(
    variants=(
        Variant(
            "{name} understands more than {he} can say. {He} finds it hard to find the right words and put them "
            "in order, so {his} answers are often short or come out muddled.",
            "Developmental language disorder",
            "NHS speech and language therapy",
            (2, 4),
        ),
        Variant(
            "{name} finds longer spoken instructions and new vocabulary hard to understand; {he} often watches "
            "other children to work out what to do.",
            "Developmental language disorder",
            "NHS speech and language therapy",
            (0, 1),
        ),
        Variant(
            "{name}'s speech sounds are still developing. Unfamiliar adults find {him} hard to understand, and "
            "{he} is aware of it.",
            "Speech sound disorder",
            "NHS speech and language therapy",
            (3,),
        ),
        Variant(
            "{name} stammers, especially when put on the spot or when {he} is excited. {He} has lots to say and "
            "needs time to say it.",
            "Stammering",
            "NHS speech and language therapy",
            (6,),
        ),
    ),
    diagnosis_share=0.3,
    barriers=(
        BarrierText(
            "Processing spoken instructions",
            "{name} catches the first part of an instruction and misses the rest, particularly when it is given "
            "to the whole class.",
            (
                (ADJ, "Give instructions in short chunks, one step at a time, with visual support on the desk."),
                (ADJ, "Check understanding by asking {name} to tell you the first step, not 'do you understand?'."),
                (ACC, "A task board with picture cues for each step of the lesson."),
                (ADJ, "Allow ten seconds of thinking time before expecting an answer."),
            ),
        ),
        BarrierText(
            "Understanding new subject vocabulary",
            "New words in topics such as science and history are not yet secure, so {name} can follow the "
            "activity but not the explanation.",
            (
                (ADJ, "Pre-teach three key words before each new topic, with pictures, using a word map."),
                (ACC, "A topic word mat on the table, shared with home so the words can be practised."),
                (ADJ, "Use the same word each time: avoid switching between words that mean the same thing."),
            ),
        ),
        BarrierText(
            "Finding the words to explain ideas",
            "{name} knows the answer but struggles to put it into a sentence, and sometimes gives up rather than "
            "be put on the spot.",
            (
                (ACC, "Sentence stems on the table ('I think… because…', 'First… then…')."),
                (ADJ, "Talk-partner rehearsal before answering in front of the class."),
                (ADJ, "Accept answers in other forms: pointing, drawing, choosing from two options."),
            ),
        ),
        BarrierText(
            "Being understood by unfamiliar adults",
            "Adults who know {name} understand most of what {he} says; new adults and some children don't, "
            "which leads to frustration.",
            (
                (ADJ, "Repeat back what you heard to check, without correcting how it was said."),
                (ADJ, "Speech therapy targets practised in a daily ten-minute session with a teaching assistant."),
                (ACC, "A home-school book so adults know the news {name} wants to share."),
            ),
        ),
        BarrierText(
            "Keeping up with fast group discussion",
            "In group work {name} loses track as the conversation moves quickly, and tends to withdraw.",
            (
                (ADJ, "Give {him} a defined role in the group (timekeeper, resources) with a role card."),
                (ADJ, "Groups of three rather than five."),
                (ADJ, "Summarise the discussion on the board at intervals."),
            ),
        ),
        BarrierText(
            "Understanding non-literal language",
            "Idioms, jokes and inference questions in reading are confusing; {name} takes them at face value.",
            (
                (ADJ, "Explain idioms and figures of speech when they come up, and write them on the working wall."),
                (ADJ, "Visual inference prompts: 'What can I see? What do I think? Why?'"),
            ),
        ),
        BarrierText(
            "Speaking in front of others",
            "{name}'s stammer is more noticeable when {he} feels under pressure, so {he} avoids answering aloud.",
            (
                (ADJ, "Agree with {name} how and when {he} will be asked; never hurry {him} or finish {his} words."),
                (ACC, "Option to present to a small group or record at home for presentations and oral assessments."),
                (ADJ, "Keep eye contact and wait calmly; show you are listening to what is said, not how."),
            ),
        ),
    ),
    how_to_support=(
        "Say my name before you give me an instruction, and give me one step at a time.",
        "Show me as well as tell me: pictures, gestures and a quick model help me understand what to do.",
        "Give me time to think before I answer. If you count to ten in your head, I will usually get there.",
        "Check I have understood by asking me to tell you the first thing I need to do.",
        "Teach me the new words before the lesson, so I can join in.",
    ),
    communication=(
        "I talk in short sentences. I can tell you more if you give me a choice of words or let me show you.",
        "Sometimes my words come out in the wrong order, or I can't find the word I want. Please wait, and "
        "don't finish my sentence for me.",
        "People who know me understand me well. If you don't understand, ask me to show you or say it another "
        "way; please don't pretend you understood.",
        "I understand best when people speak a bit more slowly and use words I know.",
    ),
    important=(
        "Having time to get my words out without being rushed.",
        "My speech sessions with {adult}.",
        "Being able to show what I know in other ways, like drawing or acting it out.",
    ),
    dislikes=(
        "Being asked to answer in front of the whole class with no warning.",
        "When people talk too fast or all at once.",
        "Long instructions that I can't remember.",
    ),
    strengths=(
        "I'm a brilliant observer: I notice what other people are doing and learn from it.",
        "I'm great at practical tasks and building things.",
        "I keep trying even when talking is hard.",
    ),
    works=(
        "Visual prompts on my table, and instructions broken into steps.",
        "Talking to a partner first before I answer in front of everyone.",
        "Sentence starters like 'I think… because…'.",
        "Word mats with pictures for each new topic.",
        "A quick thumbs-up check from my teacher after the input.",
    ),
    doesnt=(
        "Being asked 'Do you understand?': I will say yes even when I don't.",
        "Long explanations with no pictures.",
        "Correcting how I say words in front of my friends.",
    ),
    reasons=(
        "Language screening in the autumn term showed understanding and use of language well below age-related "
        "expectations, and two cycles of targeted support in class have not closed the gap. Agreed with parents "
        "to place {name} on SEN support, with a plan built around language and vocabulary, and a referral to NHS "
        "speech and language therapy.",
        "Class teacher concerns about following instructions and joining in discussion, confirmed by WellComm "
        "screening and observation. Quality-first teaching adjustments helped, but {name} still needs targeted "
        "language support. Parents agree.",
    ),
    secondary=("SEMH", "SPLD", "MLD", "ASD"),
)

ASD = NeedBank(
    variants=(
        Variant(
            "{name} finds unexpected change and busy, noisy places hard, and needs predictable routines to feel "
            "safe enough to learn.",
            "Autism spectrum condition",
            "Community paediatrician (autism pathway)",
            (1, 0),
        ),
        Variant(
            "{name} has strong, focused interests, finds unwritten social rules confusing and becomes "
            "overwhelmed by noise and crowds.",
            "Autism spectrum condition",
            "Community paediatrician (autism pathway)",
            (3, 0),
        ),
        Variant(
            "{name} masks at school and appears to cope, but is exhausted and distressed at home; parents report "
            "meltdowns after school most days.",
            "Autism spectrum condition",
            "CAMHS neurodevelopmental team",
            (7, 2),
        ),
        Variant(
            "{name} finds it very hard to start tasks that are open-ended or unclear, and can become stuck or "
            "upset when work doesn't go as {he} planned.",
            "Autism spectrum condition",
            "Community paediatrician (autism pathway)",
            (4,),
        ),
    ),
    diagnosis_share=0.7,
    barriers=(
        BarrierText(
            "Sensory overload in the dining hall",
            "The noise, smells and crowding at lunchtime leave {name} overwhelmed; {he} often eats very little "
            "and is unsettled all afternoon.",
            (
                (ACC, "Early lunch pass, to eat before the hall is busy."),
                (ACC, "Ear defenders available at lunchtime and in assemblies."),
                (ACC, "The same quieter seat at the end of a table each day."),
            ),
        ),
        BarrierText(
            "Unexpected changes to routine",
            "A supply teacher, a fire drill or a change of room can unsettle {name} for the rest of the day.",
            (
                (ACC, "Visual timetable on the desk, updated before changes happen."),
                (ADJ, "A warning from {adult} at the start of the day about any changes."),
                (ADJ, "A social story for planned events such as trips, assemblies and sports day."),
            ),
        ),
        BarrierText(
            "Anxiety at transitions",
            "Moving between activities or rooms, especially through busy corridors, makes {name} very anxious.",
            (
                (ADJ, "A five-minute warning and a visual timetable."),
                (ACC, "Leave lessons five minutes early with a pass card, before the corridors fill."),
                (ADJ, "A 'now and next' board for the end of each activity."),
            ),
        ),
        BarrierText(
            "Understanding unwritten social rules",
            "Break and lunchtimes are hard: {name} wants to join in but misreads games and can end up in arguments.",
            (
                (ADJ, "A structured lunchtime club in the library, with a choice to join in."),
                (ADJ, "Explicit teaching of social situations using comic strip conversations."),
                (ADJ, "An adult to help repair things after a falling-out, once {name} is calm."),
            ),
        ),
        BarrierText(
            "Starting open-ended tasks",
            "{name} finds it hard to start tasks such as 'write about anything you like' and can freeze or refuse.",
            (
                (ADJ, "Give a clear start, a clear end and an example of what finished looks like."),
                (ADJ, "Offer a choice of two options instead of a free choice."),
                (ADJ, "Link tasks to {his} interest in {interest}."),
            ),
        ),
        BarrierText(
            "Working in groups",
            "{name} likes things done a particular way and finds it hard when others change the plan.",
            (
                (ADJ, "Give {him} a clear role in the group, written on a card."),
                (ADJ, "The option to work with one chosen partner instead of a group."),
            ),
        ),
        BarrierText(
            "Sensitivity to touch and clothing",
            "Labels, seams and the PE kit are uncomfortable and distracting; being brushed past in a line is "
            "distressing.",
            (
                (ACC, "Permission to wear a soft, label-free alternative PE kit."),
                (ACC, "Seat at the end of a row and at the front or back of the line."),
            ),
        ),
        BarrierText(
            "Exhaustion from masking",
            "{name} holds it together all day and is exhausted by home time; the effort of coping is not "
            "visible in class.",
            (
                (ACC, "A quiet space at lunchtime, without needing to ask."),
                (ADJ, "A check-in with {adult} at the end of the day."),
                (ADJ, "Homework kept short on busy days, agreed with parents."),
            ),
        ),
    ),
    how_to_support=(
        "Tell me about changes before they happen, and show me on my visual timetable.",
        "Give me clear, literal instructions: say exactly what you mean and what finished looks like.",
        "Let me use my ear defenders and my quiet space when things get too loud.",
        "Give me a job or a role when we work in groups.",
        "If I am overwhelmed, give me time and space; talk to me later, not in the moment.",
    ),
    communication=(
        "I talk a lot about {interest}; it helps me feel calm. I may not look at you, but I am listening.",
        "I take words literally. If you say 'pull your socks up' I will look at my socks.",
        "When I am anxious I go quiet and may not be able to answer. My thumbs-up and thumbs-down card helps me "
        "tell you how I am.",
        "I like to know exactly what is going to happen. I ask lots of questions to check.",
    ),
    important=(
        "Knowing what is happening next, and having my visual timetable.",
        "Time to talk about {interest} at the end of the day.",
        "Having the same seat and the same routine every morning.",
        "My quiet space, and {adult}, who understands me.",
    ),
    dislikes=(
        "Loud, echoing places like the hall and the dining room.",
        "Surprises and sudden changes, like fire drills or a different teacher.",
        "Scratchy clothes and labels.",
        "Being touched without warning, or people standing too close.",
    ),
    strengths=(
        "I have an amazing memory for facts, especially about {interest}.",
        "I'm honest and fair, and I always follow the rules.",
        "I notice details other people miss.",
        "I work really hard when I know exactly what to do.",
    ),
    works=(
        "A visual timetable with changes shown in advance.",
        "A five-minute warning before an activity ends.",
        "Linking new topics to {interest}.",
        "Ear defenders, and leaving lessons a few minutes early to avoid busy corridors.",
        "A calm box with my fidget and a card I can show when I need a break.",
    ),
    doesnt=(
        "Being told off in front of everyone: it makes me shut down.",
        "Being asked to 'just try' something without knowing what it involves.",
        "Sarcasm, and jokes I can't tell are jokes.",
        "Lots of adults talking to me at once when I'm upset.",
    ),
    reasons=(
        "Observation and information from parents show social communication differences and sensory "
        "sensitivities that are affecting learning and wellbeing. A diagnosis is not needed for support. Agreed "
        "with parents to place {name} on SEN support.",
        "Evidence over two terms that {name} needs adjustments beyond quality-first teaching to manage "
        "transitions and sensory demands. Agreed with parents to place {name} on SEN support.",
    ),
    medical=(
        "None known, but I am very sensitive to noise, bright light and some food textures.",
        "I am a very selective eater; please let me bring my own lunch and don't make me try new foods.",
    ),
    secondary=("SLCN", "SEMH", "SPLD", "MLD"),
)

SEMH = NeedBank(
    variants=(
        Variant(
            "{name} experiences high levels of anxiety, especially at transitions and when work feels hard; {he} "
            "may refuse or leave the room.",
            "Anxiety disorder",
            "CAMHS",
            (0, 2, 4),
        ),
        Variant(
            "{name} finds it hard to manage strong feelings. {He} can become angry very quickly and feels "
            "ashamed afterwards.",
            barriers=(1, 3),
        ),
        Variant(
            "{name} finds it very hard to sit still and stay focused, and often acts before {he} thinks.",
            "ADHD (combined type)",
            "Community paediatrician",
            (5, 1),
        ),
        Variant(
            "Since a family bereavement {name} has become withdrawn and anxious, and attendance has fallen.",
            barriers=(4, 2),
        ),
        Variant(
            "Early experiences have left {name} watchful and quick to feel threatened; trusted relationships "
            "are the key to {his} learning.",
            barriers=(6, 1),
        ),
    ),
    diagnosis_share=0.3,
    barriers=(
        BarrierText(
            "Anxiety at transitions",
            "Moving from break to lessons, or between activities, brings on anxiety; {name} can become stuck "
            "and unable to go in.",
            (
                (ADJ, "A five-minute warning and a visual timetable."),
                (ADJ, "Meet and greet by {adult} at the gate each morning."),
                (ACC, "Enter the classroom a few minutes before the others, to a calm starter task."),
            ),
        ),
        BarrierText(
            "Managing big feelings when frustrated",
            "When work feels too hard, {name} can become angry quickly and may leave the room.",
            (
                (ACC, "An agreed time-out card and a safe place to go (the nurture room)."),
                (ADJ, "Zones of Regulation check-in at the start of the morning and after lunch."),
                (ADJ, "Calm, low-key responses; talk about what happened later, not in the moment."),
            ),
        ),
        BarrierText(
            "Fear of getting things wrong",
            "{name} avoids starting work in case it is wrong, and screws up work that isn't perfect.",
            (
                (ADJ, "Praise effort privately rather than in front of the class."),
                (ADJ, "Start with a task {he} can do, then build up."),
                (ACC, "A mini-whiteboard for drafts that can be wiped away."),
            ),
        ),
        BarrierText(
            "Keeping friendships going",
            "Fallings-out at break spill over into lessons; {name} finds it hard to repair friendships.",
            (
                (ADJ, "Weekly small-group social skills sessions."),
                (ADJ, "A structured lunchtime activity with a buddy."),
                (ADJ, "Restorative conversations, led by {adult}, once everyone is calm."),
            ),
        ),
        BarrierText(
            "Getting into school in the morning",
            "Mornings are very difficult; attendance has dropped and {name} often arrives distressed.",
            (
                (ACC, "A soft start: arrive ten minutes early to a calm task with {adult}."),
                (ADJ, "A weekly phone check-in with parents."),
                (ADJ, "A plan for the first lesson that {name} has helped to write."),
            ),
        ),
        BarrierText(
            "Sustaining attention",
            "{name} loses focus after a few minutes of listening, and gets up or distracts others.",
            (
                (ADJ, "Movement breaks every 20 minutes (taking a message, handing out books)."),
                (ACC, "A fidget tool agreed with {him}, and a wobble cushion."),
                (ADJ, "Tasks broken into chunks with a checklist to tick off."),
            ),
        ),
        BarrierText(
            "Feeling safe with unfamiliar adults",
            "Sudden noises, raised voices and new adults make {name} feel unsafe; {he} may hide or run.",
            (
                (ACC, "A seat with {his} back to the wall and a view of the door."),
                (ADJ, "Warn {him} before loud events such as fire drills."),
                (ADJ, "Introduce supply staff to {name} with {adult} present."),
            ),
        ),
    ),
    how_to_support=(
        "Greet me at the door and notice how I am: a smile and my name make a big difference.",
        "If I'm getting cross, remind me quietly about my time-out card. Please don't argue with me in front of "
        "others.",
        "Give me a job that helps me feel useful and trusted.",
        "Praise me privately; public praise can make me feel embarrassed.",
        "Help me start my work: sit with me for the first two minutes, then let me try.",
    ),
    communication=(
        "When I'm calm I'm chatty and funny. When I'm worried I go quiet or get cross, and that is when I need "
        "help, not a consequence.",
        "I find it hard to say how I feel. The feelings chart helps me point to it.",
        "I tell {adult} things I can't tell other people. Please let me talk to {adult} if I ask.",
    ),
    important=(
        "Having one adult I trust in school: {adult}.",
        "Knowing I can have a break if things get too much.",
        "Feeling that people like me even when I've had a bad day.",
        "Seeing {family} at the end of the day.",
    ),
    dislikes=(
        "Shouting, and being told off in front of other people.",
        "Not knowing who will be teaching us.",
        "When people bring up things that happened yesterday.",
        "Tests and timed activities.",
    ),
    strengths=(
        "I'm really kind to younger children and animals.",
        "I'm good at sport, and a team player when I feel settled.",
        "I'm funny: I can make anyone laugh.",
        "I'm honest when I've got something wrong, once I've calmed down.",
    ),
    works=(
        "A meet and greet with {adult} every morning.",
        "Movement breaks: taking a message or handing out books.",
        "A time-out card and a safe place to go.",
        "Zones of Regulation check-ins.",
        "Starting with a task I know I can do.",
    ),
    doesnt=(
        "Being sent out of class without anyone to talk to.",
        "Raised voices, or someone standing over me.",
        "Losing my break as a consequence: I need it to calm down.",
        "Being asked 'why did you do that?' straight away.",
    ),
    reasons=(
        "Boxall profile and SDQ, completed with parents, show significant difficulties with emotional "
        "regulation that are affecting learning and friendships. Pastoral support and quality-first teaching "
        "have not been enough. Agreed with parents to place {name} on SEN support, with a plan focused on "
        "regulation and a trusted adult.",
        "Persistent anxiety, avoidance of lessons and falling attendance despite pastoral support. Agreed with "
        "parents and {name} to place {him} on SEN support and refer to the mental health support team.",
    ),
    secondary=("SLCN", "SPLD", "ASD", "MLD"),
)

SPLD = NeedBank(
    variants=(
        Variant(
            "{name} has dyslexic-type difficulties: reading is slow and effortful, spelling is inconsistent, and "
            "{his} written work doesn't reflect {his} excellent ideas.",
            "Dyslexia",
            "Specialist teacher assessment",
            (1, 0, 2),
        ),
        Variant(
            "{name} has difficulties with coordination and fine motor control; handwriting is slow and tiring, "
            "and organising equipment is hard.",
            "Developmental coordination disorder (dyspraxia)",
            "NHS occupational therapy",
            (5, 3),
        ),
        Variant(
            "{name} finds it hard to remember number facts and to understand place value, despite strong "
            "reasoning in other areas.",
            "Dyscalculia",
            "Educational psychologist",
            (6, 4),
        ),
        Variant(
            "{name} has a weak working memory and slow processing speed, so copying, note-taking and multi-step "
            "tasks are hard.",
            barriers=(4, 3),
        ),
    ),
    diagnosis_share=0.4,
    barriers=(
        BarrierText(
            "Recording ideas in writing",
            "{name} has lots to say, but the effort of spelling and handwriting means {he} writes a line or two "
            "and stops.",
            (
                (ACC, "Speech-to-text and writing frames."),
                (ADJ, "Talk or mind-map ideas before writing."),
                (ADJ, "Accept bullet points, diagrams or a recorded answer as well as prose."),
            ),
        ),
        BarrierText(
            "Reading fluency",
            "Reading is slow and effortful; in other subjects {name} runs out of time before understanding the text.",
            (
                (ADJ, "Read texts aloud, or give access to a reading pen, in every subject."),
                (ACC, "Texts on cream paper in a clear sans-serif font."),
                (ADJ, "Daily precision teaching of high-frequency words with a teaching assistant."),
            ),
        ),
        BarrierText(
            "Spelling",
            "Spellings learned for a test are not remembered a week later, and mistakes knock {his} confidence.",
            (
                (ADJ, "Mark three target spellings, not every error."),
                (ACC, "A personal spelling dictionary and a topic word bank."),
            ),
        ),
        BarrierText(
            "Copying from the board",
            "{name} loses {his} place when copying and falls behind the class.",
            (
                (ACC, "Printed notes or a photo of the board."),
                (ACC, "A seat facing the board, close to the front."),
            ),
        ),
        BarrierText(
            "Holding information in mind",
            "Multi-step tasks and mental arithmetic overload {his} working memory; {he} forgets the next step.",
            (
                (ACC, "Steps written on a checklist on the desk."),
                (ACC, "A times-table square and a number line available in every maths lesson."),
                (ADJ, "Give one step at a time and recap before moving on."),
            ),
        ),
        BarrierText(
            "Handwriting speed and fatigue",
            "Handwriting is slow, hard to read and tiring; {his} hand aches after ten minutes.",
            (
                (ACC, "A laptop for extended writing."),
                (ACC, "A pencil grip and a sloped writing board."),
                (ACC, "25% extra time in tests, as {his} normal way of working."),
            ),
        ),
        BarrierText(
            "Number facts and calculation",
            "{name} counts on fingers for simple facts and is unsure of place value, so written methods break down.",
            (
                (ACC, "Concrete resources (Numicon, Dienes) in every maths lesson."),
                (ACC, "A multiplication square allowed in class and in tests."),
                (ADJ, "Short daily number-fact practice with a teaching assistant."),
            ),
        ),
    ),
    how_to_support=(
        "Let me show what I know in ways other than writing: talking, drawing or typing.",
        "Don't ask me to read aloud in front of the class unless I've had time to practise.",
        "Give me printed copies of what is on the board.",
        "Give me a bit more time, and mark my ideas, not just my spelling.",
    ),
    communication=(
        "I'm a confident talker and I love to explain my ideas out loud.",
        "I communicate well in speech. I may need you to read written instructions to me.",
        "I'll ask for help if I trust you; otherwise I may look busy when I'm stuck.",
    ),
    important=(
        "People knowing that I am clever even when my writing doesn't show it.",
        "Using my laptop and speech-to-text.",
        "Not being rushed.",
    ),
    dislikes=(
        "Reading out loud in class.",
        "Spelling tests.",
        "Copying lots from the board.",
    ),
    strengths=(
        "I'm a creative thinker and full of ideas when I can say them out loud.",
        "I'm great at seeing the big picture and solving problems.",
        "I'm persistent: I keep going even when it's hard.",
    ),
    works=(
        "Speech-to-text and writing frames.",
        "Coloured overlays and a clear font.",
        "A word bank for each topic.",
        "Being given the text the day before, so I can read it at home.",
    ),
    doesnt=(
        "Red pen all over my spelling.",
        "Copying from the board.",
        "Being timed.",
    ),
    reasons=(
        "Standardised reading and spelling scores well below average despite two cycles of targeted phonics "
        "intervention, with strong verbal reasoning. Agreed with parents to place {name} on SEN support and to "
        "request a specialist teacher assessment.",
        "A persistent gap between {name}'s understanding and {his} written work, confirmed by assessment and "
        "work scrutiny. Agreed with parents to place {name} on SEN support.",
    ),
    secondary=("SEMH", "SLCN"),
)

MLD = NeedBank(
    variants=(
        Variant(
            "{name} is working well below age-related expectations across the curriculum and needs more time "
            "and repetition to learn and remember new things.",
            barriers=(0, 2),
        ),
        Variant(
            "{name} finds abstract ideas hard to grasp and needs concrete, practical experiences to understand "
            "new concepts.",
            barriers=(1, 5),
        ),
        Variant(
            "{name} has general learning difficulties; reading comprehension and number are particularly "
            "difficult, and {he} relies on adults to get started.",
            "Global learning difficulties",
            "Educational psychologist",
            (4, 3),
        ),
    ),
    diagnosis_share=0.15,
    barriers=(
        BarrierText(
            "Retaining new learning over time",
            "{name} can do a new skill in the lesson but has often forgotten it the next day.",
            (
                (ADJ, "Overlearning: revisit yesterday's learning at the start of each lesson."),
                (ADJ, "Pre-teach the key idea with a teaching assistant before the lesson."),
                (ADJ, "Send home a short practice task each week, agreed with parents."),
            ),
        ),
        BarrierText(
            "Understanding abstract concepts",
            "Concepts such as fractions, time and cause and effect are hard to grasp without something to see or hold.",
            (
                (ADJ, "A concrete-pictorial-abstract approach in maths."),
                (ADJ, "Real objects, photos and role-play to introduce new ideas."),
            ),
        ),
        BarrierText(
            "Working pace",
            "{name} works more slowly than the class and rarely finishes tasks, which affects {his} confidence.",
            (
                (ADJ, "Reduce the quantity, not the challenge."),
                (ADJ, "Extra processing time, and warnings before the end of an activity."),
            ),
        ),
        BarrierText(
            "Working independently",
            "{name} waits for an adult before starting and finds it hard to move on when stuck.",
            (
                (ACC, "A task board showing 'now' and 'next'."),
                (ADJ, "An adult checks in after five minutes rather than staying alongside."),
                (ACC, "A help card and a 'stuck' strategy list on the table."),
            ),
        ),
        BarrierText(
            "Reading comprehension",
            "{name} can read the words but loses the meaning of longer texts.",
            (
                (ADJ, "Texts adapted to {his} reading age, covering the same content as the class."),
                (ADJ, "Pre-read texts with an adult, with key words highlighted."),
            ),
        ),
        BarrierText(
            "Using skills in new situations",
            "Skills learned in intervention are not used back in class.",
            (
                (ADJ, "Practise the skill in different contexts, and tell the class teacher what was covered."),
                (ADJ, "Make links explicit: 'Remember when we did this with Mrs…?'"),
            ),
        ),
    ),
    how_to_support=(
        "Show me what to do, then let me try with you nearby.",
        "Go over things more than once: I learn best with lots of practice.",
        "Break my work into small steps and tick them off with me.",
        "Use real things and pictures to explain new ideas.",
    ),
    communication=(
        "I can chat happily about things I know. New words take me a while to learn.",
        "I understand short, simple sentences best.",
    ),
    important=(
        "Feeling proud of my work and showing it to {family}.",
        "Having a grown-up check in with me.",
    ),
    dislikes=(
        "Being rushed to finish.",
        "Being the last one to finish every time.",
    ),
    strengths=(
        "I'm a hard worker and I try my best.",
        "I'm brilliant at practical jobs and helping adults.",
        "I'm sociable and get on with everyone.",
    ),
    works=(
        "Practical resources and pictures.",
        "Going over yesterday's learning first.",
        "Small steps and a checklist.",
        "Working with a partner who explains things in a different way.",
    ),
    doesnt=(
        "Lots of writing on the board.",
        "Moving on before I've got it.",
    ),
    reasons=(
        "Attainment well below age-related expectations in reading, writing and maths over three terms, with "
        "slow progress despite targeted support. Agreed with parents to place {name} on SEN support.",
        "Assessment across the curriculum shows {name} needs more time and repetition than quality-first "
        "teaching alone can offer. Agreed with parents to place {name} on SEN support with a plan for "
        "pre-teaching and overlearning.",
    ),
    secondary=("SLCN", "SEMH", "PD"),
)

SLD = NeedBank(
    variants=(
        Variant(
            "{name} has severe learning difficulties. {He} communicates with single words, signs and symbols, "
            "and needs adult support for most everyday tasks.",
            "Global developmental delay",
            "Community paediatrician",
            (0, 1),
        ),
        Variant(
            "{name} learns best through routine, repetition and practical, real-life experiences; {he} needs "
            "support to stay safe and to communicate choices.",
            barriers=(2, 3),
        ),
    ),
    diagnosis_share=0.6,
    barriers=(
        BarrierText(
            "Understanding spoken language beyond two key words",
            "{name} understands familiar routines and two key words in a sentence; longer language is lost.",
            (
                (ADJ, "Objects of reference and symbols alongside speech."),
                (ADJ, "Makaton signs for key words, used by every adult."),
                (ADJ, "Keep language to two key words: 'coat on', 'shoes off'."),
            ),
        ),
        BarrierText(
            "Personal care and independence",
            "{name} needs support with toileting, dressing and eating, and can become distressed when rushed.",
            (
                (ACC, "An intimate care plan agreed with parents, with the same two adults."),
                (ACC, "A visual sequence in the toilet and at the coat peg."),
            ),
        ),
        BarrierText(
            "Attending to adult-led tasks",
            "{name}'s attention to an adult-led task lasts a minute or two.",
            (
                (ADJ, "Attention Autism ('bucket time') sessions daily."),
                (ACC, "Short tasks at a work station, with a clear finished box."),
            ),
        ),
        BarrierText(
            "Awareness of danger",
            "{name} does not yet recognise danger, for example near roads or hot surfaces.",
            (
                (ACC, "An individual risk assessment for trips and community visits."),
                (ADJ, "Road safety taught in the community, step by step."),
            ),
        ),
        BarrierText(
            "Using skills in real places",
            "Skills learned in class don't yet transfer to home, shops or the café.",
            (
                (ADJ, "Teach skills in real settings: the shop, the café, the bus."),
                (ADJ, "Share a photo diary with home so the same words and signs are used."),
            ),
        ),
        BarrierText(
            "Fine motor control",
            "Grasping and manipulating small objects is hard, which limits mark-making and self-help.",
            (
                (ACC, "Chunky pens, easy-grip scissors and switch-adapted toys."),
                (ADJ, "Daily fine motor programme from the occupational therapist."),
            ),
        ),
    ),
    how_to_support=(
        "Use my symbols and signs when you talk to me, and keep your words short.",
        "Show me what is happening next with my objects of reference.",
        "Give me time to respond: I will, if you wait.",
        "Help me do things myself, one step at a time, rather than doing them for me.",
    ),
    communication=(
        "I use single words, Makaton signs and my symbol book. I point and lead you to what I want.",
        "I understand familiar routines and short sentences. Please show me as well as tell me.",
        "I tell you I'm happy by clapping and smiling; when I'm upset I may cry or push things away.",
    ),
    important=(
        "My routine, and knowing what is happening next.",
        "{family}, and the adults I know well.",
        "Time for {interest} every day.",
    ),
    dislikes=(
        "Loud sudden noises.",
        "Waiting without knowing what is next.",
        "Being rushed when I'm eating or getting dressed.",
    ),
    strengths=(
        "I'm sociable and I love being with people.",
        "I have a brilliant memory for routines and songs.",
        "I'm determined and I'm proud when I do things myself.",
    ),
    works=(
        "Objects of reference and a visual timetable.",
        "Makaton signing from every adult.",
        "Songs to mark routines, like tidy-up time.",
        "Short tasks with a clear 'finished' box.",
    ),
    doesnt=(
        "Lots of talking at once.",
        "Changes to my routine without warning.",
    ),
    reasons=(
        "Assessment shows {name} is working at the earliest stages of the curriculum and needs a highly "
        "adapted, practical approach. Agreed with parents to place {name} on SEN support while an EHC needs "
        "assessment is requested.",
    ),
    medical=(
        "None known.",
        "I have epilepsy. My care plan and rescue medication are in the classroom; staff who work with me are trained.",
        "I have a hearing aid on my right ear; please check it is switched on in the morning.",
    ),
    secondary=("ASD", "SLCN", "PD"),
)

PMLD = NeedBank(
    variants=(
        Variant(
            "{name} has profound and multiple learning difficulties, with physical and sensory needs. {He} "
            "communicates through facial expression, vocalisation and body language.",
            "Cerebral palsy (quadriplegic) with global developmental delay",
            "Consultant paediatrician",
            (0, 1),
        ),
        Variant(
            "{name} learns through the senses and through close relationships with familiar adults; {he} needs "
            "full support for all care and mobility.",
            "Rare chromosomal disorder",
            "Clinical genetics",
            (2, 4),
        ),
    ),
    diagnosis_share=0.9,
    barriers=(
        BarrierText(
            "Communicating choices",
            "{name} shows preferences through eye pointing and vocalising; unfamiliar adults can miss these signals.",
            (
                (ACC, "Eye-gaze board and a big-mack switch for 'more'."),
                (ADJ, "Intensive interaction sessions daily with a familiar adult."),
                (ADJ, "Wait up to 20 seconds for a response before repeating."),
            ),
        ),
        BarrierText(
            "Positioning and comfort",
            "{name} becomes uncomfortable and distressed if left in one position for long.",
            (
                (
                    ACC,
                    "Change position every 30 minutes, following the physiotherapy programme (standing frame, "
                    "side-lying, wheelchair).",
                ),
                (ACC, "A moving and handling plan with hoist; two trained adults for transfers."),
            ),
        ),
        BarrierText(
            "Processing sensory information",
            "{name} is easily overwhelmed by noise but responds well to light, touch and music.",
            (
                (ADJ, "Sensory room sessions and sensory stories."),
                (ACC, "A quiet area of the classroom, away from the door."),
            ),
        ),
        BarrierText(
            "Eating and drinking safely",
            "{name} is at risk of choking and aspiration.",
            (
                (
                    ACC,
                    "Follow the speech and language therapy eating and drinking plan (thickened fluids, "
                    "fork-mashable food).",
                ),
                (ACC, "Only trained staff to support mealtimes."),
            ),
        ),
        BarrierText(
            "Seizures during the day",
            "{name} has frequent seizures and is tired afterwards.",
            (
                (ACC, "Trained staff, an epilepsy care plan and rescue medication in the classroom."),
                (ADJ, "A rest period after a seizure; record it in the seizure log for parents."),
            ),
        ),
        BarrierText(
            "Fatigue",
            "{name} tires quickly, especially in the afternoon.",
            (
                (ACC, "Planned rest periods in a supported position."),
                (ADJ, "The most demanding sessions in the morning."),
            ),
        ),
    ),
    how_to_support=(
        "Tell me who you are and what is about to happen before you touch me or move me.",
        "Get down to my level, close to me, and give me time to respond.",
        "Watch my face and listen to my sounds: that is how I tell you things.",
        "Follow my physio and eating plans so I stay comfortable and safe.",
    ),
    communication=(
        "I don't use words. I tell you how I feel with my face, my voice and my body: I smile and kick my legs "
        "when I'm happy, and go still when I'm listening.",
        "I look at what I want. Give me two choices, held apart, and watch where my eyes go.",
        "This profile was written with {family} and {adult}, who know me best.",
    ),
    important=(
        "Being comfortable and pain-free.",
        "The people who know me well, and {family}.",
        "Music, and being sung to.",
    ),
    dislikes=(
        "Sudden loud noises.",
        "Being moved without warning.",
        "Being in one position for too long.",
    ),
    strengths=(
        "I have a beautiful smile and I love company.",
        "I'm a good listener and I love stories with props.",
        "I'm resilient: I cope with a lot and still enjoy every day.",
    ),
    works=(
        "Intensive interaction.",
        "Sensory stories and music.",
        "A consistent routine with the same adults.",
        "Being told what is happening before it happens.",
    ),
    doesnt=(
        "Noisy, busy rooms.",
        "Being rushed at mealtimes.",
    ),
    reasons=(
        "{name} has profound and multiple learning difficulties; agreed with parents to place {name} on SEN "
        "support while the EHC needs assessment is completed.",
    ),
    medical=(
        "I have epilepsy. My care plan and rescue medication go everywhere with me; only trained staff give my "
        "medication. I am fed through a gastrostomy at lunchtime by trained staff.",
        "I have cerebral palsy and epilepsy. My care plan, moving and handling plan and rescue medication are "
        "in the classroom.",
    ),
    secondary=("PD", "VI", "HI", "MSI"),
)

HI = NeedBank(
    variants=(
        Variant(
            "{name} has a moderate hearing loss in both ears and wears hearing aids. {He} misses speech in noisy "
            "rooms and from a distance.",
            "Bilateral moderate sensorineural hearing loss",
            "NHS audiology",
            (0, 2),
        ),
        Variant(
            "{name} has a severe hearing loss and a cochlear implant; {he} relies on lip-reading and the radio aid.",
            "Severe to profound hearing loss (cochlear implant)",
            "NHS audiology / cochlear implant team",
            (0, 1, 5),
        ),
        Variant(
            "{name} has glue ear, so {his} hearing varies from week to week.",
            "Glue ear (otitis media with effusion)",
            "ENT consultant",
            (2, 3),
        ),
    ),
    diagnosis_share=0.95,
    barriers=(
        BarrierText(
            "Hearing speech in noisy rooms",
            "In a busy classroom {name} hears the teacher only when facing them and close by.",
            (
                (ACC, "Use the radio aid transmitter for all teacher talk."),
                (ACC, "A seat near the front, away from the door and windows."),
                (ADJ, "Face {name} when speaking; don't talk while writing on the board."),
            ),
        ),
        BarrierText(
            "Accessing video and audio",
            "{name} cannot follow video clips and audio recordings without support.",
            (
                (ACC, "Subtitles on every video."),
                (ACC, "Transcripts for audio tasks and listening tests."),
            ),
        ),
        BarrierText(
            "Following group discussion",
            "{name} misses what other pupils say in class discussion and in group work.",
            (
                (ADJ, "Repeat other pupils' answers before responding."),
                (ADJ, "One person speaks at a time; pass the radio aid microphone in group work."),
            ),
        ),
        BarrierText(
            "Listening fatigue",
            "Concentrating on listening all day is exhausting; by the afternoon {name} is tired and less engaged.",
            (
                (ACC, "Short quiet breaks away from noise."),
                (ADJ, "Key information written down as well as said."),
            ),
        ),
        BarrierText(
            "Learning new vocabulary",
            "{name} often mishears new words and their meanings are not secure.",
            (
                (ADJ, "Pre-teach key vocabulary with the Teacher of the Deaf."),
                (ACC, "A written word list for each topic."),
            ),
        ),
        BarrierText(
            "Keeping equipment working",
            "A flat battery or a faulty radio aid means {name} misses a whole lesson without saying.",
            (
                (ADJ, "Daily hearing aid and radio aid check by a trained teaching assistant."),
                (ACC, "Spare batteries in the classroom."),
            ),
        ),
    ),
    how_to_support=(
        "Face me when you speak, and don't cover your mouth.",
        "Wear my radio aid microphone, and remember to switch it off when you talk to someone else.",
        "Repeat what other people say in class discussion.",
        "Check I've got the key words, and write new words down.",
    ),
    communication=(
        "I speak clearly and I lip-read. I may say 'what?' a lot: please repeat, don't say 'never mind'.",
        "I use spoken English with some sign support. Noisy rooms make it much harder for me to follow.",
    ),
    important=(
        "Being included in conversations with my friends.",
        "My hearing aids working properly.",
        "My Teacher of the Deaf visits.",
    ),
    dislikes=(
        "Noisy rooms and echoing halls.",
        "People saying 'never mind' when I ask them to repeat something.",
        "Videos without subtitles.",
    ),
    strengths=(
        "I'm very observant and good at reading people's faces.",
        "I'm confident and will tell you what I need.",
    ),
    works=(
        "The radio aid, used every lesson.",
        "Subtitles and transcripts.",
        "Sitting near the front with a good view of the teacher.",
    ),
    doesnt=(
        "Teachers talking with their back to me.",
        "Group work in a noisy room.",
    ),
    reasons=(
        "Audiology confirmed a permanent hearing loss; advice from the sensory support service sets out "
        "adjustments beyond quality-first teaching. Agreed with parents to place {name} on SEN support.",
    ),
    medical=(
        "I wear hearing aids in both ears. Spare batteries are in the classroom drawer; please take them out "
        "for PE contact games and swimming.",
        "I have a cochlear implant. If the processor falls off, please give it to me or my teaching assistant; "
        "I can't take part in contact sport or use the trampoline.",
    ),
    secondary=("SLCN",),
)

VI = NeedBank(
    variants=(
        Variant(
            "{name} has low vision. {He} needs enlarged print and good lighting, and finds the board hard to see.",
            "Nystagmus with reduced acuity",
            "Paediatric ophthalmology",
            (0, 2),
        ),
        Variant(
            "{name} has a significant visual impairment and uses a tablet to magnify work; {he} is learning "
            "mobility skills with the habilitation officer.",
            "Albinism with low vision",
            "Paediatric ophthalmology",
            (1, 3),
        ),
    ),
    diagnosis_share=0.95,
    barriers=(
        BarrierText(
            "Reading standard print",
            "Standard-size print is too small for {name} to read comfortably.",
            (
                (ACC, "Enlarged resources (N24 Arial, bold) prepared in advance."),
                (ACC, "A tablet with magnification for worksheets and books."),
            ),
        ),
        BarrierText(
            "Moving around safely",
            "Steps, doorways and busy corridors are hazards, especially in poor light.",
            (
                (ACC, "Step edges marked in yellow; routes kept clear."),
                (ADJ, "Mobility training with the habilitation officer; a walk of any new route before using it."),
            ),
        ),
        BarrierText(
            "Seeing the board",
            "{name} can't see the board from {his} seat.",
            (
                (ACC, "{His} own copy of the slides on a tablet."),
                (ADJ, "Say aloud what you write or point to."),
            ),
        ),
        BarrierText(
            "Visual fatigue",
            "Close visual work tires {name}'s eyes, and {he} gets headaches by the afternoon.",
            (
                (ACC, "Short breaks from close visual work."),
                (ACC, "Matt paper and a seat away from glare."),
            ),
        ),
        BarrierText(
            "Taking part in PE and ball games",
            "Fast-moving balls and crowded games are hard to track.",
            (
                (ACC, "Brightly coloured or audible balls."),
                (ADJ, "Adapted games planned with the sensory support service."),
            ),
        ),
    ),
    how_to_support=(
        "Give me my own copy of anything on the board.",
        "Say my name before you speak to me, and tell me who you are.",
        "Keep my way around the room clear, and tell me if furniture moves.",
    ),
    communication=(
        "I'm a confident talker. I may not see your face or gestures, so please say what you mean.",
        "I miss things that are only shown, not said. Tell me what's happening.",
    ),
    important=(
        "Doing things for myself.",
        "My tablet and my magnifier.",
    ),
    dislikes=(
        "Glare and bright sunshine.",
        "Furniture moved without telling me.",
    ),
    strengths=(
        "I have a great memory and I'm a brilliant listener.",
        "I'm independent and I like solving problems my own way.",
    ),
    works=(
        "Enlarged print and my tablet.",
        "Being told what's on the board.",
    ),
    doesnt=(
        "Photocopies that are faint or crowded.",
        "Sitting near the window.",
    ),
    reasons=(
        "Advice from the sensory support service after the ophthalmology report sets out adaptations beyond "
        "quality-first teaching. Agreed with parents to place {name} on SEN support.",
    ),
    medical=("I wear glasses with tinted lenses; I need them all day. My eyes tire quickly in bright light.",),
    secondary=("PD",),
)

MSI = NeedBank(
    variants=(
        Variant(
            "{name} has both hearing and vision impairments. {He} uses residual vision, hearing aids and touch "
            "to make sense of the world.",
            "CHARGE syndrome",
            "Clinical genetics",
            (0, 1, 2),
        ),
        Variant(
            "{name} has a combined sight and hearing loss and relies on familiar adults, objects of reference "
            "and on-body signing.",
            "Usher syndrome",
            "Clinical genetics",
            (2, 3),
        ),
    ),
    diagnosis_share=0.9,
    barriers=(
        BarrierText(
            "Accessing information through sight and hearing",
            "Neither sight nor hearing alone gives {name} the full picture.",
            (
                (ACC, "Tactile resources and objects of reference."),
                (ADJ, "An intervenor (a trained adult) working alongside {him}."),
            ),
        ),
        BarrierText(
            "Knowing where {he} is",
            "New or busy spaces are disorienting for {name}.",
            (
                (ACC, "Tactile markers on doors; the same layout every day."),
                (ADJ, "Mobility support from the habilitation officer."),
            ),
        ),
        BarrierText(
            "Anticipating what will happen",
            "Without warning, changes and touch are frightening.",
            (
                (ADJ, "An object of reference before each activity."),
                (ADJ, "Identify yourself with your name sign before touching {him}."),
            ),
        ),
        BarrierText(
            "Communicating with others",
            "Unfamiliar adults don't understand {name}'s signs.",
            (
                (ADJ, "On-body signing used consistently by every adult."),
                (ACC, "A communication passport that goes everywhere with {him}."),
            ),
        ),
        BarrierText(
            "Fatigue",
            "Making sense of the world through limited senses is tiring.",
            ((ACC, "Rest breaks in a quiet, familiar space."),),
        ),
    ),
    how_to_support=(
        "Touch my arm and give me your name sign before you speak to me.",
        "Show me an object of reference so I know what is happening next.",
        "Give me time to explore things with my hands.",
    ),
    communication=("I use on-body signs, objects of reference and some words. I need you close to me to communicate.",),
    important=(
        "The adults I know and trust.",
        "Knowing what is coming next.",
    ),
    dislikes=(
        "Being touched without warning.",
        "Busy, noisy places.",
    ),
    strengths=(
        "I'm curious and I love exploring with my hands.",
        "I'm brave in new places when I have my intervenor with me.",
    ),
    works=(
        "Objects of reference.",
        "On-body signing.",
    ),
    doesnt=("Being rushed.",),
    reasons=(
        "Advice from the multi-sensory impairment team sets out provision well beyond quality-first teaching. "
        "Agreed with parents to place {name} on SEN support while an EHC needs assessment is requested.",
    ),
    medical=("I wear hearing aids and glasses; both need checking each morning. My care plan is in the office.",),
    secondary=("PD", "SLCN"),
)

PD = NeedBank(
    variants=(
        Variant(
            "{name} has a physical disability affecting {his} legs and balance. {He} uses a walker in school and "
            "a wheelchair for longer distances.",
            "Cerebral palsy (spastic diplegia)",
            "Consultant paediatrician",
            (0, 1, 3),
        ),
        Variant(
            "{name} has a progressive muscle condition; {he} tires easily and finds stairs and writing "
            "increasingly hard.",
            "Duchenne muscular dystrophy",
            "Neuromuscular service",
            (0, 2),
        ),
        Variant(
            "{name} has a long-term condition affecting {his} joints, with flare-ups of pain and stiffness.",
            "Juvenile idiopathic arthritis",
            "Paediatric rheumatology",
            (4, 2),
        ),
        Variant(
            "{name} uses a wheelchair and needs support with personal care and positioning.",
            "Spina bifida",
            "Consultant paediatrician",
            (5, 6),
        ),
    ),
    diagnosis_share=0.85,
    barriers=(
        BarrierText(
            "Fatigue in the afternoon",
            "By the afternoon {name} is physically exhausted and {his} concentration drops.",
            (
                (ACC, "Rest breaks, and a lift pass."),
                (ADJ, "Put the most demanding work in the morning."),
                (ADJ, "Reduce the amount of writing in afternoon lessons."),
            ),
        ),
        BarrierText(
            "Moving around the building",
            "Stairs, crowded corridors and distances between rooms take {name} much longer.",
            (
                (ACC, "A lift pass and a card to leave lessons five minutes early."),
                (ACC, "Lessons timetabled on the ground floor where possible."),
            ),
        ),
        BarrierText(
            "Handwriting and fine motor control",
            "Writing is slow and painful for long periods.",
            (
                (ACC, "A laptop for written work, and a scribe for tests."),
                (ACC, "A sloped board and adapted scissors."),
            ),
        ),
        BarrierText(
            "Taking part in PE",
            "{name} can't take part safely in some PE activities as they are planned.",
            (
                (ADJ, "An adapted PE plan agreed with the physiotherapist."),
                (ADJ, "A role in every activity (scorer, coach, referee) when taking part isn't possible."),
            ),
        ),
        BarrierText(
            "Pain during flare-ups",
            "During flare-ups {name} is in pain and can't sit still or write for long.",
            (
                (ACC, "An agreed signal to leave the room, with somewhere to rest."),
                (ACC, "Pain relief in the office, given as set out in the care plan."),
            ),
        ),
        BarrierText(
            "Personal care",
            "{name} needs an adult to help with toileting and changing.",
            (
                (ACC, "A personal care plan agreed with {name} and parents, using the accessible toilet."),
                (ADJ, "The same two trained adults, and {name}'s dignity and choices respected."),
            ),
        ),
        BarrierText(
            "Seating and posture",
            "Standard chairs don't support {him}; {he} slumps and tires.",
            (
                (ACC, "A specialist chair and footrest, checked each term by the occupational therapist."),
                (ACC, "Position changes every lesson following the physio programme."),
            ),
        ),
    ),
    how_to_support=(
        "Ask me what I need: I know my body best.",
        "Plan ahead for trips and room changes so I'm not left out.",
        "Let me rest when I'm tired, without a fuss.",
        "Make sure I can reach everything I need.",
    ),
    communication=(
        "I'm chatty and confident. I'll tell you if I need help, but please don't help before I ask.",
        "I speak clearly; if I'm in pain I may go quiet.",
    ),
    important=(
        "Being independent and doing the same things as my friends.",
        "My physio exercises, even when they're boring.",
        "{family}, who help me with everything.",
    ),
    dislikes=(
        "People talking to my teaching assistant instead of me.",
        "Being left out of PE or trips.",
        "Stairs!",
    ),
    strengths=(
        "I'm determined and I don't let things stop me.",
        "I'm a great problem-solver: I find my own way of doing things.",
        "I'm a brilliant team captain.",
    ),
    works=(
        "Rest breaks and a lift pass.",
        "Using my laptop for writing.",
        "Being asked how I'd like to take part.",
    ),
    doesnt=(
        "Being rushed between lessons.",
        "Being made to sit out with nothing to do.",
    ),
    reasons=(
        "Advice from the physiotherapist and occupational therapist sets out adjustments and provision beyond "
        "quality-first teaching. Agreed with parents to place {name} on SEN support.",
    ),
    medical=(
        "I have cerebral palsy. My physiotherapy programme and moving and handling plan are in the classroom.",
        "I have muscular dystrophy and take steroids every morning at home. My care plan is in the office.",
        "I have arthritis. I take medication at home and may need pain relief in school (see my care plan).",
    ),
    secondary=("MLD", "SLCN", "VI"),
)

DS = NeedBank(
    variants=(
        Variant(
            "{name} has Down syndrome. {He} is a visual learner with strong social skills; short-term auditory "
            "memory, speech clarity and number are harder.",
            "Down syndrome",
            "Diagnosed at birth",
            (0, 1, 2),
        ),
    ),
    diagnosis_share=1.0,
    barriers=(
        BarrierText(
            "Remembering spoken information",
            "{name}'s short-term auditory memory is a specific difficulty; spoken instructions are quickly lost.",
            (
                (ADJ, "Visual supports for every instruction: symbols, photos, written words."),
                (ADJ, "Makaton signs for key words."),
            ),
        ),
        BarrierText(
            "Speech clarity",
            "{name}'s speech can be hard to understand, especially for new adults.",
            (
                (ADJ, "Speech and language therapy targets practised daily."),
                (ADJ, "Use reading to support speech: show the written word."),
            ),
        ),
        BarrierText(
            "Number and calculation",
            "Counting and number facts are much harder than reading.",
            (
                (ACC, "Numicon and number lines in every maths lesson."),
                (ADJ, "Small steps with lots of practical practice."),
            ),
        ),
        BarrierText(
            "Fluctuating hearing",
            "Glue ear means {name}'s hearing varies.",
            (
                (ACC, "Seat near the teacher, facing the light."),
                (ADJ, "Regular hearing checks shared with parents."),
            ),
        ),
        BarrierText(
            "Low muscle tone and fatigue",
            "Writing and sitting for long periods are tiring.",
            (
                (ACC, "A sloped board, pencil grips and a supportive chair."),
                (ADJ, "Movement breaks and shorter recording tasks."),
            ),
        ),
        BarrierText(
            "Moving on from a favourite activity",
            "{name} can dig in {his} heels when asked to stop something {he} enjoys.",
            (
                (ADJ, "A 'now and next' board and a timer."),
                (ADJ, "Offer a choice within the next activity."),
            ),
        ),
    ),
    how_to_support=(
        "Show me, don't just tell me: I'm a visual learner.",
        "Use my signs and symbols, and give me time to answer.",
        "Expect a lot from me: I can do it with the right support.",
    ),
    communication=(
        "I use words, Makaton signs and my communication book. Please give me time and use signs too.",
        "I understand more than I can say. If you don't understand me, ask me to show you.",
    ),
    important=(
        "My friends, and being part of the class.",
        "{family}.",
        "Dancing and music.",
    ),
    dislikes=(
        "Being rushed.",
        "Being treated like a baby.",
    ),
    strengths=(
        "I'm sociable, caring and I make friends easily.",
        "I'm a good reader and I love books.",
        "I learn routines quickly and I'm very organised.",
    ),
    works=(
        "Visual timetables and symbols.",
        "Reading to support my speech.",
        "Numicon for maths.",
    ),
    doesnt=(
        "Long spoken instructions.",
        "Being helped too much.",
    ),
    reasons=(
        "{name} has Down syndrome; advice from the speech and language therapist and the inclusion team sets "
        "out provision beyond quality-first teaching. Agreed with parents to place {name} on SEN support.",
    ),
    medical=(
        "I have Down syndrome. I have a heart check-up every year and regular hearing tests; my care plan is in "
        "the office.",
        "I have Down syndrome and hypothyroidism; I take thyroxine at home.",
    ),
    secondary=("HI", "SLCN", "MLD"),
)

OTH = NeedBank(
    variants=(
        Variant(
            "{name} has a long-term medical condition that affects attendance and energy levels, and {his} "
            "learning has gaps.",
            "Chronic fatigue syndrome",
            "Paediatric CFS/ME service",
            (0, 1),
        ),
        Variant(
            "{name} has motor and vocal tics that increase when {he} is anxious or tired.",
            "Tourette syndrome",
            "Paediatric neurology",
            (2, 3),
        ),
        Variant(
            "{name} has a foetal alcohol spectrum disorder, affecting memory, impulse control and planning.",
            "Foetal alcohol spectrum disorder",
            "Community paediatrician",
            (4, 3),
        ),
    ),
    diagnosis_share=0.7,
    barriers=(
        BarrierText(
            "Missed learning from absence",
            "Hospital appointments and illness mean {name} misses lessons and has gaps.",
            (
                (ADJ, "A catch-up pack and a weekly catch-up session after an absence."),
                (ADJ, "A named adult keeps in touch with home during longer absences."),
            ),
        ),
        BarrierText(
            "Energy levels",
            "{name} has limited energy and needs to pace {his} day.",
            (
                (ACC, "A reduced timetable agreed with the medical team, reviewed every half term."),
                (ACC, "A rest space and a pass to use it."),
            ),
        ),
        BarrierText(
            "Tics in lessons",
            "Tics are worse when {name} is anxious, and {he} worries what others think.",
            (
                (ACC, "Permission to leave the room for a few minutes without asking."),
                (ADJ, "Ignore tics; never ask {him} to stop."),
                (ACC, "Separate room for tests."),
            ),
        ),
        BarrierText(
            "Anxiety about being noticed",
            "{name} worries about standing out and avoids asking for help.",
            (
                (ADJ, "A discreet help signal agreed with {him}."),
                (ADJ, "With {his} agreement, a talk to the class about {his} condition."),
            ),
        ),
        BarrierText(
            "Planning and remembering",
            "{name} forgets equipment and loses track of multi-step tasks.",
            (
                (ACC, "A visual checklist for the day and for each task."),
                (ADJ, "A check-in with {adult} at the start and end of each day."),
            ),
        ),
    ),
    how_to_support=(
        "Check in with me quietly rather than in front of the class.",
        "Help me catch up when I've been away.",
        "Let me pace myself and rest when I need to.",
    ),
    communication=(
        "I'm chatty and I'll tell you how I'm feeling if you ask me privately.",
        "I sometimes find it hard to ask for help, so please check in with me.",
    ),
    important=(
        "Keeping up with my friends.",
        "{family}, and {special_thing}.",
    ),
    dislikes=(
        "People staring or making comments.",
        "Falling behind.",
    ),
    strengths=(
        "I'm resilient: I keep going when things are tough.",
        "I'm kind and understanding about other people's differences.",
    ),
    works=(
        "A catch-up plan after absence.",
        "A discreet signal when I need a break.",
    ),
    doesnt=("Being asked about my condition in front of others.",),
    reasons=(
        "{name}'s condition means {he} needs provision beyond quality-first teaching; advice from the medical "
        "team sets out what is needed. Agreed with parents to place {name} on SEN support.",
    ),
    secondary=("SEMH",),
)

NSA = NeedBank(
    variants=(
        Variant(
            "{name} is making slow progress and is finding phonics and early number hard. Needs are not yet "
            "assessed by a specialist; the first support cycle will tell us more.",
            barriers=(0, 1),
        ),
        Variant(
            "{name} seems to find it hard to concentrate and to follow routines. The team is still building a "
            "picture of {his} needs.",
            barriers=(2, 3),
        ),
    ),
    diagnosis_share=0.0,
    barriers=(
        BarrierText(
            "Keeping up in phonics",
            "{name} knows some sounds but can't yet blend them to read words.",
            (
                (ADJ, "Daily keep-up phonics session of ten minutes."),
                (ACC, "A sound mat on the table."),
            ),
        ),
        BarrierText(
            "Early number",
            "Counting and number recognition beyond five are not yet secure.",
            (
                (ADJ, "Practical counting with objects every day."),
                (ACC, "A number track on the table."),
            ),
        ),
        BarrierText(
            "Concentration on the carpet",
            "{name} loses focus during whole-class carpet time.",
            (
                (ACC, "A spot at the front, near the adult, with a wobble cushion."),
                (ADJ, "Shorter carpet sessions and a job to do."),
            ),
        ),
        BarrierText(
            "Following routines",
            "{name} often doesn't know what to do next in the day.",
            (
                (ACC, "A visual timetable with photos."),
                (ADJ, "A 'now and next' prompt at each change."),
            ),
        ),
        BarrierText(
            "Separating from parents in the morning",
            "{name} is upset at drop-off and takes a long time to settle.",
            (
                (ADJ, "A consistent adult to greet {him}, and a job to do on arrival."),
                (ACC, "A photo of {family} in {his} drawer."),
            ),
        ),
    ),
    how_to_support=(
        "Show me what to do, and tell me what's coming next.",
        "Let me practise little and often.",
    ),
    communication=(
        "I'm quite quiet at school but chatty at home. I'm getting more confident.",
        "I like to show you things rather than tell you.",
    ),
    important=(
        "{family}.",
        "Playing outside with my friends.",
    ),
    dislikes=(
        "Sitting still for a long time.",
        "Not knowing what's happening.",
    ),
    strengths=(
        "I'm good at making things and I love being outside.",
        "I'm kind and I share well.",
    ),
    works=(
        "Practical activities.",
        "Short sessions, little and often.",
    ),
    doesnt=("Long carpet sessions.",),
    reasons=(
        "Progress is well below that of peers despite quality-first teaching and a cycle of targeted support; "
        "the type of need is not yet assessed. Agreed with parents to place {name} on SEN support and to seek "
        "specialist advice.",
    ),
    secondary=(),
)

NEED_BANKS: dict[str, NeedBank] = {
    "SLCN": SLCN,
    "ASD": ASD,
    "SEMH": SEMH,
    "SPLD": SPLD,
    "MLD": MLD,
    "SLD": SLD,
    "PMLD": PMLD,
    "HI": HI,
    "VI": VI,
    "MSI": MSI,
    "PD": PD,
    "DS": DS,
    "OTH": OTH,
    "NSA": NSA,
}
