# Passerelle — English
skip-to-content = Skip to content
nav-label = Main
nav-home = Home
nav-directory = Directory
logout = Log out
footer = Passerelle — one network, one entry point to housing.
back-home = Back to the home page

role-administrator = Administrator
role-housing-locator = Housing locator
role-partner-worker = Partner agency worker
role-network-convener = Network convener
role-analyst = Analyst
label-value = { $label }: { $value }
label-colon = { $label }:

login-title = Log in
login-email = Email
login-password = Password
login-submit = Log in

home-title = Welcome to Passerelle
home-intro = The partner network's directory: who offers what, for whom, and where.
home-organizations = { $count ->
    [one] { $count } organization
   *[other] { $count } organizations
}
home-services = { $count ->
    [one] { $count } service
   *[other] { $count } services
}
home-locations = { $count ->
    [one] { $count } location
   *[other] { $count } locations
}

directory-title = Directory
search-text = Name or words
search-service-type = Service type
search-population = Population served
search-area = Area served
search-agency-type = Agency type
search-any = Any
search-submit = Search
search-results = { $count ->
    [0] No organization found
    [one] One organization found
   *[other] { $count } organizations found
}
pagination = Pages of results
page-previous = Previous page
page-next = Next page

org-new = New organization
org-edit = Edit organization
org-name = Name
org-alternate-name = Name in the other official language
org-agency-type = Agency type
org-description = Description in English
org-description-fr = Description in French
org-email = Email
org-website = Website
org-discretion = Passerelle records what an agency does and for whom, never its staff count, budget or funding.
choose-none = None

services-title = Services
services-none = No services recorded yet.
service-new = New service
service-edit = Edit service
service-name = Name
service-alternate-name = Name in the other official language
service-description = Description in English
service-description-fr = Description in French
service-status = Status
service-types = Service types
service-populations = Populations served
service-areas = Areas served
service-ages = Ages
service-locations = Delivered at
service-eligibility = Eligibility
service-eligibility-en = Eligibility in English
service-eligibility-fr = Eligibility in French
text-in-en = (in English)
text-in-fr = (in French)
service-minimum-age = Minimum age
service-maximum-age = Maximum age
service-url = Web page
service-email = Email
status-active = Active
status-inactive = Inactive
status-defunct = Closed for good
status-temporarily-closed = Temporarily closed

locations-title = Locations
location-new = New location
location-name = Name
location-address = Street address
location-city = City
location-province = Province
location-postal-code = Postal code
location-country = Country (two letters)
location-area = Neighbourhood
location-latitude = Latitude
location-longitude = Longitude
location-description = Description

contacts-title = Contacts
contact-new = New contact
contact-name = Name
contact-title = Title
contact-department = Department
contact-email = Email
contact-phone = Phone

save = Save
cancel = Cancel
form-has-errors = Please correct the fields marked below.

error-title = Something went wrong
error-required = This field is required.
error-too-long = This is too long.
error-email = Enter an email address such as name@example.org.
error-url = Enter a web address starting with https:// or http://.
error-postal-code = Enter a Canadian postal code such as K1N 5W9.
error-latitude = Enter a latitude between -90 and 90.
error-longitude = Enter a longitude between -180 and 180.
error-coordinates-pair = Give both latitude and longitude, or neither.
error-age = Enter an age in whole years, from 0 to 120.
error-age-range = The maximum age must not be below the minimum age.
error-status = Choose a status from the list.
error-phone = Enter a phone number with at least 7 digits.
error-unknown-reference = Something chosen here no longer exists; reload the page and try again.
error-foreign-location = A service can only be delivered at its own organization's locations.
error-duplicate-name = An organization with this name already exists.
error-duplicate-email = A user with this email already exists.
error-agency-required = A partner agency worker must belong to an agency.
error-agency-not-allowed = Only partner agency workers belong to an agency.
error-unauthorized = Please log in.
error-forbidden = You are not allowed to do this.
error-not-found = This page does not exist.
error-csrf = This form has expired. Go back, reload the page and try again.
error-invalid = Some fields are not valid.
error-conflict = This conflicts with what is recorded: see each field.
error-internal = An unexpected error occurred. It has been logged.
error-login = The email or password is not correct.
error-login-throttled = Too many failed attempts to log in. Try again in 15 minutes.
error-bad-json = The request body is not valid JSON.
error-content-type = Send the request body as application/json.
error-json-shape = The JSON does not have the expected fields and types.
error-method = This address does not take that method.
error-too-large = The request is too large.
error-bad-request = The request cannot be read: check its address and query string.

## Housing locator
nav-housing = Housing
home-housing-intro = Landlords, their units, holds and monthly availability.
housing-title = Housing
housing-landlords-count = { $count ->
    [one] { $count } landlord
   *[other] { $count } landlords
}
housing-units-count = { $count ->
    [one] { $count } unit
   *[other] { $count } units
}
housing-open-units-count = { $count ->
    [0] No open unit
    [one] { $count } open unit
   *[other] { $count } open units
}
housing-units = Units
housing-open-units = Open units
landlords-title = Landlords
landlord-search = Name contains
list-per-page = Per page
list-pages = Pages of the list
list-show = Show
list-previous = Previous page
list-next = Next page
list-page-of = Page { $page } of { $pages }
landlord-title = Landlord
landlord-new = New landlord
landlord-edit = Edit landlord
landlord-name = Name
landlord-kind = Kind
landlord-kind-individual = Individual
landlord-kind-company = Company
landlord-commitment = Commitment
landlord-committed-units = Units committed
landlord-committed-until = Committed until
landlord-commitment-terms = Terms
landlord-until = until
landlord-preferences = Tenant preferences
landlord-accepts-pets = Pets accepted
landlord-no-pets = No pets
landlord-accepts-smoking = Smoking accepted
landlord-no-smoking = No smoking
landlord-requires-support-worker = Support worker required
landlord-max-household = Largest household
landlord-programs = Programs accepted
landlord-private-notes = Private notes
landlord-private-notes-hint = Seen by housing locators only, never by partner agencies.
landlord-history = Relationship history
program-youth = Youth
program-family = Family
program-indigenous-led = Indigenous-led
program-seniors = Seniors
program-women = Women
property-edit = Edit property
property-new = New property
property-address = Address
property-area = Neighbourhood
property-accessibility = Building accessibility
property-in-service-since = Taking tenants since
unit-title = Unit
unit-new = New unit
unit-edit = Edit unit
unit-label = Unit
unit-bedrooms = Bedrooms
unit-bachelor = Bachelor
unit-bedrooms-count = { $count ->
    [one] { $count } bedroom
   *[other] { $count } bedrooms
}
unit-size-4-plus = 4 bedrooms or more
unit-rent = Rent
unit-rent-monthly = Monthly rent ($)
unit-rent-includes = Includes
unit-features = Features
unit-step-free = Step-free
unit-elevator = Elevator
unit-wheelchair = Wheelchair accessible
unit-pets = Pets allowed
unit-smoking = Smoking allowed
unit-available-from = Available from
unit-inspection = Inspection
unit-inspected-on = Inspected on
unit-inspection-result = Result
unit-inspection-notes = Inspection notes
unit-save-and-add = Save and add another
unit-status = Status
unit-held-for = Held for
unit-next-steps = Next steps
unit-hold-agency = For a client of
unit-hold-until = Hold until
unit-household-ref = Household reference
unit-reason = Why
unit-history = History
unit-tenancies = Tenancies
unit-no-tenancy = No tenancy yet.
unit-reason-hold-expired = the hold lapsed
unit-reason-hold-released = hold released
unit-reason-offer-declined = offer declined
unit-reason-joined-program = joined the program
unit-reason-imported = imported from a file
unit-area-unknown = Neighbourhood not given
units-none = No unit yet.
units-open-title = Open units
units-open-intro = Units open to every partner agency's clients. Ask the housing locators to hold one.
units-open-intro-locator = Units available, held or offered, soonest first.
includes-heat = heat
includes-hydro = hydro
includes-water = water
includes-internet = internet
includes-laundry = laundry
includes-parking = parking
inspection-pass = Passed
inspection-fail = Failed
status-unit-available = Available
status-unit-held = Held
status-unit-offered = Offered
status-unit-leased = Leased
status-unit-occupied = Occupied
status-unit-vacated = Vacated
step-available = Make available
step-held = Hold
step-offered = Offer to a household
step-leased = Lease signed
step-occupied = Moved in
step-vacated = Vacated
event-new = Record an event
event-kind = What happened
event-date = Date
event-amount = Amount ($)
event-note = Note
event-meeting = Meeting
event-incident = Incident
event-mediation = Mediation
event-renewal = Renewal
event-incentive-offered = Incentive offered
event-incentive-paid = Incentive paid
tenancy-leased = Lease
tenancy-moved-in = Moved in
tenancy-ended = Ended
filter = Filter
choose-one = Choose…
availability-title = Monthly availability
availability-intro = Units open to the network (available, held or offered) at any time in each month, by size and neighbourhood.
availability-csv = Download as CSV
availability-chart-title = Units available each month, by size
availability-chart-caption = Lighter bars are the months ahead: units open today and units announced for later.
availability-by-month = By month and size
availability-month = Month
availability-total = Total
availability-forecast-note = * A month ahead: what is known today.
availability-needs = Against the waiting list
availability-needs-caption = Units open in { $month } and households waiting, by size
availability-size = Size
availability-open = Open units
availability-waiting = Households waiting
availability-needs-note = Households waiting: those active on the by-name list, by the size their latest referral needs. A count from 1 to { $below } is withheld (x), with a second count where the total would give it away.
availability-by-area = Neighbourhoods in { $month }
availability-map-title = Open units by neighbourhood in { $month }
error-money = Enter an amount in dollars, such as 1250 or 1 250,50.
error-negative = This cannot be negative.
error-date = Enter a date as YYYY-MM-DD.
error-future-date = This date is in the future.
error-whole-number = Enter a whole number.
error-choose = Choose from the list.
error-before-property = A unit cannot be available before its building takes tenants.
error-hold-in-past = A hold must end today or later.
error-transition = This unit cannot take that step from its current status.
error-unit-taken = Someone else has just held or changed this unit. Reload the page to see where it is now.
error-duplicate-landlord = A landlord with this name already exists.
error-duplicate-unit = This building already has a unit with this name.

## Partner network
nav-network = Network
network-title = Partner network
network-intro = Who works with whom, as the agencies reported it. Circles are agencies at their neighbourhood, coloured by type and sized by the measure chosen; lines are relationships, thicker when closer. Hover for details; click an agency to see and add its relationships.
network-directory-record = Directory record
network-works-with = Agencies it works with
network-named-by = Named by
network-none-named = None reported yet.
network-agency = Agency
network-kind = Relationship
network-intensity = How close
network-reported-on = Reported on
network-note = Note
network-to-contact = to contact
network-report = Name an agency you work with
network-report-hint = Choose it from the list, or type its name if it is not listed: it will be matched to the directory by name or acronym, or added to the list of agencies to contact.
network-choose-agency = Agency from the directory
network-not-listed = Not in the list
network-other-name = Or its name, as you know it
network-report-save = Save the relationship
network-queue-title = Agencies to contact
network-queue-intro = Agencies named by partners that are not in the directory yet, most often named first.
network-queue-empty = Every agency named so far is in the directory.
network-queue-search = Name contains
network-queue-none-found = No agency to contact has these words in its name.
network-queue-count = { $count ->
    [one] One agency to contact
   *[other] { $count } agencies to contact
}
network-times-named = Times named
network-filter-type = Agency type
network-filter-area = Area
network-as-of = As it stood on
network-since = Change since
network-size-by = Size by
network-show = Show
network-export = Download
network-export-ties = relationships (CSV)
network-export-metrics = measures (CSV)
network-whole = The network on { $day }
network-map-title = Partner network on { $day }
network-agencies = Agencies
network-ties = Relationships (distinct pairs, one direction)
network-density = Density
network-components = Connected groups
network-isolates = Isolated agencies
network-brokers = Brokers
network-brokers-hint = A broker is an agency without which part of the network would lose its only link to the rest.
network-per-agency = Measures per agency
network-change-since = change since { $day }
network-in-degree = Named by (in-degree)
network-out-degree = Names (out-degree)
network-degree = Degree
network-betweenness = Betweenness
network-closeness = Closeness
network-eigenvector = Eigenvector
network-broker = broker
kind-refers-clients-to = Refers clients to
kind-receives-referrals-from = Receives referrals from
kind-shares-staff-or-space = Shares staff or space
kind-co-delivers-a-program = Co-delivers a program
intensity-awareness = Awareness
intensity-cooperation = Cooperation
intensity-coordination = Coordination
intensity-integration = Integration
error-since-after-day = The earlier day must come before the day shown.
error-self-relationship = An agency cannot name itself.
network-in-the-network = In the partner network

## Outreach and meetings
outreach-title = Outreach
outreach-home-title = Outreach: what needs doing
outreach-stage = Stage
stage-identified = Identified
stage-contacted = Contacted
stage-meeting-planned = Meeting planned
stage-met = Met
stage-partner = Ongoing partner
outreach-reluctant = reluctant
outreach-partner-since = partner since { $day }
outreach-mark-reluctant = Reluctant: keep it on every invitation list
outreach-mark-partner = Ongoing partner
outreach-save-marks = Save the marks
outreach-met-alongside = Met alongside (meetings held together)
outreach-contacts = Contacts logged
outreach-no-contact = Never contacted yet.
outreach-log-contact = Log a contact
outreach-contacted-on = Day of contact
outreach-channel = By
channel-email = Email
channel-phone = Phone
channel-in-person = In person
outreach-log-save = Log the contact
outreach-overdue = Follow-ups overdue
outreach-never-contacted = Agencies never contacted
outreach-without-next = Meetings held without a next meeting agreed
outreach-stale = { $months ->
    [one] Contacts gone stale (nothing for { $months } month or more)
   *[other] Contacts gone stale (nothing for { $months } months or more)
}
outreach-stale-months = Stale after (months)
outreach-planned = Meetings planned
outreach-reluctant-list = Reluctant agencies
outreach-reluctant-hint = They stay on every invitation list: a new meeting starts with them ticked.
outreach-nothing = Nothing here.
outreach-last-touch = Last contact or meeting
outreach-see-all = { $count ->
    [one] See it on a page of its own
   *[other] See all { $count }, a page at a time
}
outreach-whole-overview = Back to everything that needs doing
meetings-title = Meetings
meetings-none = No meeting yet.
meetings-search = Purpose or agency contains
meetings-count = { $count ->
    [one] One meeting
   *[other] { $count } meetings
}
meeting-plan = Plan a meeting
meeting-plan-hint = Every meeting has a purpose. Write down what you know about the agencies beforehand and what you hope comes out of it; the agenda is printed from these.
meeting-purpose = Purpose
meeting-date = Date
meeting-preparation = Preparation notes about the agencies
meeting-expected-outcomes = Expected outcomes
meeting-agencies = Agencies taking part
meeting-save = Plan the meeting
meeting-agenda = Printable agenda
meeting-back = Back to the meeting
meeting-status = Status
meeting-held = Held on { $day }
meeting-not-held = Not held yet
meeting-answers = What each agency said
meeting-answered = answered
meeting-save-answers = Save the answers
answer-role = Its role, as it sees it
answer-strengths = Its strengths
answer-place-in-network = Its place in the network
answer-hub-does-well = The hub does well
answer-hub-does-less-well = The hub does less well
answer-hub-should-start = The hub should start
answer-hub-should-stop = The hub should stop
meeting-outcome = Outcome
meeting-held-on = Held on
meeting-decisions = Decisions
meeting-next = Next meeting
meeting-save-outcome = Record the outcome
follow-ups-title = Follow-ups
follow-up-description = What
follow-up-owner = Who
follow-up-due = By
follow-up-done-on = Done
follow-up-done = Mark done
follow-up-add = Add the follow-up
agenda-items = Agenda
agenda-welcome = Welcome, and the purpose of the meeting
agenda-open-follow-ups = Follow-ups still open from earlier meetings
agenda-decisions = Decisions and follow-ups (who, by when)
agenda-next = The next meeting
error-agencies-required = Choose at least one agency.
error-next-before-held = The next meeting must come after this one.

## Systemic issues
nav-issues = Systemic issues
nav-reports = Reports
issues-title = Systemic issues
issues-intro = Log the gaps your clients meet. The hub reports them to public authorities as counts of agencies, never naming yours.
issues-issue = Issue
issues-observed-on = Observed on
issues-save = Log the issue
issues-logged = Issues logged
report-title = Systemic issues: report to public authorities
report-intro = For each issue and quarter, how many distinct agencies raised it. No agency is named; a count of fewer than { $k } agencies is withheld.
report-k = Withhold counts below (agencies, at least 3)
report-quarters = Quarters
report-caption = Distinct agencies raising each issue
report-total = All quarters
report-all-issues = All issues
report-suppression = x: withheld, because fewer than { $k } agencies raised it, or because, with the total, it would let a withheld count be worked out.
report-csv = Download as CSV
error-k = Enter a whole number of agencies from 3 to 50.
error-quarters = Enter a number of quarters from 1 to 20.

## Duplication
duplication-title = Duplication
duplication-intro = Agencies that offer the same services to the same people in the same area, grouped, with how alike the places they refer people to are. The overlap is the share of service × population × area combinations two agencies have in common (Jaccard index).
duplication-min = Smallest overlap (%)
duplication-sort = Sort by
duplication-sort-size = Size of the group
duplication-services = Services overlap
duplication-referrals = Referrals overlap
duplication-summary = { $agencies ->
    [one] { $agencies } agency compared:
   *[other] { $agencies } agencies compared:
}
duplication-clusters = { $count ->
    [0] no group overlaps.
    [one] { $count } group overlaps.
   *[other] { $count } groups overlap.
}
duplication-cluster = Agencies that overlap
duplication-cluster-agencies = { $count ->
    [one] { $count } agency
   *[other] { $count } agencies
}
duplication-evidence = What they share
duplication-shared-offers = Services × population × area offered by two or more of them
duplication-shared-destinations = Agencies two or more of them refer people to
duplication-anyone = anyone
duplication-no-area = area unknown
duplication-csv = Download the pairs as CSV

## Gap analysis
gaps-title = Gaps
gaps-intro = Each need, in the words referrals use, against the active services that meet it. A red cell has no service; an amber one has few.
gaps-by = Columns
gaps-by-population = Populations
gaps-by-area = Areas
gaps-in-area = In the area
gaps-city-wide = City-wide
gaps-for-population = For
gaps-thin = Thin at (services or fewer)
gaps-none-count = { $count ->
    [0] No need without a service
    [one] { $count } need without any service
   *[other] { $count } needs without any service
}
gaps-thin-count = { $count ->
    [0] none thin
    [one] { $count } thin
   *[other] { $count } thin
}
gaps-caption-population = Services meeting each need, by population
gaps-caption-area = Services meeting each need, by area
gaps-need = Need
gaps-open-units = Open housing units
gaps-waiting = Persons waiting who need it (city-wide)
gaps-per-service = Persons waiting per service (city-wide)
gaps-demand = The demand: persons waiting on the list (active or matched) whose latest referral names the need, city-wide, and how many per service meeting it anywhere in the city. A count of 1 to 4 persons is shown as x.
home-network-intro = Who works with whom, the outreach to every agency, duplication, gaps, and the issues the network raises with public authorities.
meeting-edit = Change the meeting
meetings-all = All meetings
meetings-held = Held
kind-co-attended = Met at the same meeting
network-with-meetings = Also link agencies that met at the same meeting

# Coordinated access: referrals, consent, possible same persons, by-name list
nav-referrals = Referrals
nav-list = By-name list
nav-notifications = Notifications
nav-notifications-unread = { $count ->
    [one] Notifications ({ $count } unread)
   *[other] Notifications ({ $count } unread)
}
yes = Yes
no = No
any-status = Any status
referrals-title = Referrals
referrals-none = No referrals yet.
referrals-count = { $count ->
    [one] { $count } referral
   *[other] { $count } referrals
}
referral-new = Refer a person to the hub
referral-from = Referred by { $agency }.
referral-walk-in-intro = A walk-in at the hub, recorded by the hub's staff.
referral-walk-in = Walk-in at the hub
referral-submit = Send the referral
referral-saved = The referral was sent to the hub.
referral-details = The referral
referral-person = Person
referral-agency = Referring agency
referral-referred-on = Referred on
referral-unnamed = (no name kept)
referral-anonymous = Anonymous count
referral-anonymous-note = The person did not consent to share with the hub: only a count is kept.
referral-consent-ended = Consent ended
referral-consent-ended-note = Consent has ended: the person's details were erased; only the counts and the audit trail remain.
referral-person-page = The person on the by-name list
referral-none = None
referral-section-consent = Consent
referral-section-person = The person
referral-section-household = Household
referral-section-needs = Needs
referral-section-money = Income and rent
referral-section-where = Where they would live
referral-section-supports = Supports in place
referral-section-priority = Facts for the prioritization policy
referral-given-name = Given name
referral-family-name = Family name
referral-other-names = Other names and aliases (separated by ;)
referral-birth-date = Birth date
referral-birth-date-hint = Birth date (YYYY-MM-DD, or YYYY-MM if the day is unknown; blank if unknown)
referral-birth-date-flagged = Birth date to correct
referral-sex-gender = Sex or gender, as the person states it
referral-self-identified = Groups the person identifies with
referral-self-identified-voluntary = Groups the person identifies with (voluntary: tick only what the person chooses to say; used for equity reports, never for matching)
referral-group-indigenous = Indigenous (First Nations, Métis or Inuit)
referral-group-racialized = Racialized
referral-group-2slgbtqi = 2SLGBTQI+
referral-group-veteran = Veteran
referral-group-newcomer = Newcomer to Canada
referral-group-francophone = Francophone
referral-phone = Phone
referral-email = Email
referral-last-address = Last address
referral-postal-code = Postal code
referral-identifier = Identifier (health card number), if the person gives one
referral-adults = Adults
referral-children-ages = Children's ages
referral-children-ages-hint = Children's ages in years, separated by commas
referral-pregnant = Pregnancy
referral-bedrooms-needed = Bedrooms needed
referral-needs = Needs
referral-accessibility = Accessibility needs
referral-access-step-free = Step-free access
referral-access-elevator = Elevator
referral-access-wheelchair = Wheelchair accessible
referral-pets = Has pets
referral-smoking = Smokes
referral-monthly-income = Monthly income ($)
referral-income-sources = Income sources
referral-income-employment = Employment
referral-income-ontario-works = Ontario Works
referral-income-odsp = ODSP
referral-income-pension = Pension
referral-income-employment-insurance = Employment Insurance
referral-income-other = Other
referral-income-none = No income
referral-subsidy-eligible = Eligible for a rent subsidy
referral-max-rent = Rent the household can pay, subsidy included ($ a month)
referral-preferred-areas = Preferred neighbourhoods
referral-excluded-areas = Neighbourhoods to avoid (for safety, for instance)
referral-supporting-agency = Partner agency that keeps supporting the person once housed
referral-supporting-worker = Case worker who keeps supporting the person
referral-days-homeless = Days homeless in the last three years
referral-assessment-score = Common assessment score
referral-notes = Notes
consent-hub-question = Does the person consent to share their information with the hub?
consent-hub-yes = Yes: the person will be on the by-name list
consent-hub-no = No: only an anonymous count is kept
consent-also = The person also consents to share
consent-hub = Share with the hub
consent-supports = with the partner agencies that support them
consent-landlords = non-identifying facts with landlords
consent-method = How consent was given
consent-method-signed-form = Signed form
consent-method-verbal-witnessed = Verbal, with a witness
consent-witness = Witness (for verbal consent)
consent-given-on = Consent given on
consent-expires-on = Consent expires on
consent-state = Consent
consent-state-active = Active
consent-state-expiring-soon = Expiring within 30 days
consent-state-expired = Expired
consent-state-withdrawn = Withdrawn
consent-withdraw = Withdraw consent
consent-withdraw-explain = The person leaves the by-name list and every agency's view. Their details are erased; only counts and the audit trail remain. This cannot be undone.
consent-withdraw-confirm = The person has withdrawn their consent
list-title = By-name list
list-intro = Everyone referred to the hub, ranked by the prioritization policy in force. Each column shows the value that put a person in their place.
list-status = Status
list-search = Name
list-waiting = Waiting (active or matched)
list-status-active = Active
list-status-matched = Matched
list-status-housed = Housed
list-status-inactive = Inactive
list-rank = Rank
list-agencies = Referring agencies
list-empty = Nobody on the list with this status.
list-count = { $count ->
    [one] { $count } person
   *[other] { $count } persons
}
list-open-reviews = { $count ->
    [one] { $count } possible same person to review
   *[other] { $count } possible same persons to review
}
list-flows = Inflow and outflow
list-inflow = Inflow by month
list-outflow = Outflow by month
list-flows-table = Inflow and outflow, last 12 months
list-month = Month
flow-new = New
flow-returned-from-housed = Returned from housed
flow-returned-from-inactive = Returned from inactive
flow-housed = Housed
flow-inactive = Inactive
inactive-reason-no-contact = no contact for 90 days
inactive-reason-moved-away = moved away
inactive-reason-hospital = long hospital stay
inactive-reason-prison = long prison stay
inactive-reason-deceased = deceased
inactive-reason-consent-ended = consent ended
person-referrals = Referrals of this person
person-history = Status history
person-on = Date
person-change = Change
person-by = By
person-change-status = Change the status
person-inactive-reason = Reason (when inactive)
policy-title = Prioritization policy
policy-intro = The list is ranked by these keys in turn: the first decides, the next breaks its ties, and so on.
policy-position = Key { $n }
policy-no-key = (none)
policy-key-acuity = Assessment score
policy-key-days-homeless = Days homeless
policy-key-referral-date = First referral
policy-key-children = Household with children
policy-key-youth = Youth (16–24)
policy-tie-breaker = After every key: the earliest first referral, then the person's reference. No two persons ever share a rank.
policy-preview = See what would change
policy-save = Put this policy in force
policy-preview-moved = { $count ->
    [one] { $count } person would move
   *[other] { $count } persons would move
}
policy-preview-waiting = { $count ->
    [one] out of { $count } waiting.
   *[other] out of { $count } waiting.
}
policy-preview-largest = { $count ->
    [one] The largest move is { $count } place.
   *[other] The largest move is { $count } places.
}
policy-history = Policies in force over time
policy-effective-from = In force from
policy-keys = Keys
policy-default-in-force = The default policy is in force: assessment score, then days homeless, then first referral.
linkage-model = Identity resolution model
linkage-trained-on = { $count ->
    [one] Trained on { $count } referral
   *[other] Trained on { $count } referrals
}
linkage-synthetic = with synthetic referrals alongside, until the community has 2,000 of its own
linkage-retrain = Retrain now
reviews-title = Possible same persons
reviews-intro = Referrals that may be one person already on the list. Compare them side by side, then link them or keep them apart.
reviews-states = Review items by decision
reviews-none = Nothing to review.
review-title = Possible same person
review-state-open = To decide
review-state-linked = Linked
review-state-kept-apart = Kept apart
review-new-referral = New referral
review-known-referral = Referral already on the list
review-probability = Likelihood
review-probability-is = Likelihood they are one person: { $value }
review-weight-is = total weight { $value }
review-side-by-side = The two referrals side by side
review-field = Field
review-agreement = Agreement
review-weight = Weight
review-weight-explain = Weights are in bits: positive for the same person, negative for two people. They add up to the total.
review-swapped-names = The given and family names were swapped between the two referrals.
review-decision = Decision
review-reason = Reason (optional)
review-link = Same person: link
review-keep-apart = Two people: keep apart
review-undo-reason = Why undo this decision
review-undo = Undo the decision
link-field-given-name = Given name
link-field-family-name = Family name
link-field-birth-date = Birth date
link-field-sex = Sex or gender
link-field-address = Address
link-field-phone = Phone
link-field-email = Email
link-field-identifier = Identifier
link-level-missing = missing on one side
link-level-exact = same
link-level-close = nearly the same
link-level-similar = similar
link-level-initial = same initial
link-level-different = different
link-level-shares-a-name = shares a name
link-level-day-month-swapped = day and month swapped
link-level-one-part-differs = one part differs
link-level-two-parts-differ = two parts differ
link-level-partial-agrees = agrees as far as known
link-level-same-street = same street address
link-level-same-postal-code = same postal code
link-level-same-area = same area
notifications-title = Notifications
notifications-none = No notifications.
notifications-new = New:
notifications-mark-read = Mark all as read
notifications-open-referral = the referral
notice-status-changed = The status of one of your agency's referrals changed.
notice-review-linked = The hub linked one of your agency's referrals to a person already on the list.
notice-review-kept-apart = The hub decided one of your agency's referrals is not a person already on the list.
notice-review-undone = The hub undid a decision on one of your agency's referrals.
notice-consent-expiring = A referral's consent expires within 30 days: renew it with the person.
notice-consent-ended = A referral's consent has ended: the person has left the list.
mail-subject = Passerelle: news about a referral from your agency
mail-sign-in-to-read = Sign in to Passerelle to read it:
error-birth-date = Enter a real birth date as YYYY-MM-DD or YYYY-MM, or leave it blank.
error-birth-date-future = A birth date cannot be in the future.
error-children-ages = Enter each child's age in years (0 to 17), separated by commas; a child cannot be nearly as old as the parent.
error-area-both = A neighbourhood cannot be both preferred and avoided.
error-consent-required = Say whether the person consents to share with the hub.
error-consent-method = Choose how consent was given.
error-consent-witness = Name the witness of verbal consent.
error-consent-expiry = Enter an expiry date after today and after the day consent was given.
error-consent-already-ended = Consent has already ended for this referral.
error-review-decided = This item has already been decided.
error-review-open = This item has not been decided yet.
error-undo-reason = Say why the decision is undone.
error-confirm = Tick the box to confirm.
error-policy-empty = Choose at least one key.
error-policy-repeated = Each key can be used once.
person-contacts = Contacts
person-contacts-explain = { $count ->
    [one] A person with neither a contact nor a referral for { $count } day becomes inactive (no contact).
   *[other] A person with neither a contact nor a referral for { $count } days becomes inactive (no contact).
}
person-no-contacts = No contact recorded yet.
person-contact-on = Date of the contact
person-contact-note = What happened (optional)
person-record-contact = Record the contact
error-contact-future = A contact cannot be in the future.
error-no-contact-days = Enter a number of days from 14 to 365.
settings-title = List settings
settings-no-contact-days = Days without contact before a person becomes inactive

## Matching and offers (D1–D5)
nav-match = Matching
nav-offers = Offers
rounds-title = Match rounds
rounds-intro = A round matches every person active on the list whose consent allows it to every unit available today, all at once, under the policy in force. The result is proven optimal; each proposal and each wait comes with its reasons.
rounds-policy = Policy in force:
rounds-dry-run = Dry run: look only, make no offer from it
rounds-start = Run a round
rounds-none = No round yet.
rounds-latest = Latest rounds
round-title = Match round of
round-on = Day
round-policy = Policy
round-persons = Persons
round-units = Units
round-pairs = Compatible pairs
round-matched = Proposals
round-offers = Offers made
round-started-by = Started by
round-dry-run = dry run
round-objective = Objective (certified optimal)
round-timings = Seconds: loading · matching · saving
round-stale = { $count ->
    [one] One proposal is out of date: its unit or person changed since the round. It cannot be offered; run a new round.
   *[other] { $count } proposals are out of date: their unit or person changed since the round. They cannot be offered; run a new round.
}
round-offered-pair = Offered
round-stale-pair = Out of date
round-proposals = { $count ->
    [one] One proposal
   *[other] { $count } proposals
}
round-proposals-explain = In priority order. Fit points say why this unit suits this person; the priority keys say why this person comes first. Tick the proposals to offer.
round-no-proposals = No person and unit are compatible today.
round-offer = Offer
round-priority = Priority keys
round-unit = Unit
round-fit = Fit
round-why = Why
round-pinned = pinned
round-higher-priority = { $count ->
    [0] Nobody ranked higher could take this unit.
    [one] One person ranked higher could also take it and got a unit that suits them at least as well.
   *[other] { $count } persons ranked higher could also take it and got units that suit them at least as well.
}
round-make-offers = Make the offers ticked
round-waiting = { $count ->
    [0] Nobody ranked above the last proposal is waiting
    [one] One person ranked above the last proposal is waiting
   *[other] { $count } persons ranked above the last proposal are waiting
}
round-waiting-explain = Why each waits: either no open unit fits them (the constraints that rule the units out, and the one that alone keeps a unit away), or the units that fit went to persons ranked higher or equal with a better fit.
round-waiting-no-fit = { $count ->
    [one] One has no compatible open unit.
   *[other] { $count } have no compatible open unit.
}
round-waiting-outranked = { $count ->
    [one] One has compatible units that went to others first.
   *[other] { $count } have compatible units that went to others first.
}
round-binding = Which constraints keep people waiting: the evidence to bring to landlords
round-constraint = Constraint
round-binding-alone = Persons for whom it alone rules out a unit
round-binding-any = Persons for whom it rules out units
round-why-not = Why not
round-why-no-unit = No open unit fits: { $ruled }.
round-why-alone = On its own: { $alone }.
round-why-places = { $places } compatible places: { $higher } went to persons ranked higher, { $same } to persons ranked equal with a better fit.
round-why-excluded = { $count ->
    [one] One unit was excluded by a locator.
   *[other] { $count } units were excluded by a locator.
}
round-corrections = Corrections
round-corrections-explain = Exclude a proposal the engine cannot know is wrong (with the reason), or pin a waiting person to a unit; the round is solved again around it.
round-correction = Correction
round-correction-exclude = Excluded
round-correction-pin = Pinned
round-reason = Reason
round-proposal = Proposal
round-exclude = Exclude a proposal
round-exclude-and-solve = Exclude and solve again
round-pin = Pin a waiting person to a unit
round-pin-and-solve = Pin and solve again
exclude-reason-landlord-refused-before = The landlord refused this household before
exclude-reason-client-refused-area = The person refuses this area
exclude-reason-safety = Safety
exclude-reason-unit-not-ready = The unit is not ready
exclude-reason-other = Other
constraint-household-size = household size
constraint-bedrooms = bedrooms
constraint-accessibility = accessibility
constraint-pets = pets
constraint-smoking = smoking
constraint-affordability = rent they can pay
constraint-excluded-area = area they exclude
constraint-distance-to-supports = distance to supports
constraint-landlord-household-size = landlord's household limit
constraint-support-worker = landlord asks for a support worker
constraint-program-eligibility = program eligibility
term-preferred-area = preferred area
term-rent-headroom = rent headroom
term-bedroom-fit = bedroom fit
term-near-supports = near supports
term-keeps-accessible-units = keeps accessible units free
offers-title = Offers
offers-intro = Each offer goes to the client through the referring worker, then to the landlord, to the lease and the move-in. An offer not answered by its deadline lapses and the unit goes back to the pool.
offers-show-all = Show ended offers too
offers-show-live = Show live offers only
offers-back-to-round = Back to the round
offers-none = No offer.
offers-count = { $count ->
    [one] One offer
   *[other] { $count } offers
}
offer-title = Offer
offer-state = Where it stands
offer-state-offered = Offered, waiting for the client
offer-state-client-accepted = Accepted by the client, waiting for the landlord
offer-state-landlord-accepted = Accepted by the landlord, lease to sign
offer-state-leased = Lease signed
offer-state-moved-in = Moved in
offer-state-client-declined = Declined by the client
offer-state-landlord-declined = Declined by the landlord
offer-state-lapsed = Lapsed (no answer by the deadline)
offer-state-withdrawn = Withdrawn
offer-landlord = Landlord
offer-offered-on = Offered on
offer-respond-by = Answer by
offer-lease = Lease (signed · rent · subsidy)
offer-details-after-acceptance = The unit's address and landlord are shared once the client accepts.
offer-client-answer = The client's answer
offer-client-accepts = Accepts
offer-client-declines = Declines
offer-landlord-answer = The landlord's answer
offer-landlord-accepts = Accepts the household
offer-landlord-declines = Declines the household
offer-decline-reason = Reason for declining
offer-answered-on = Answered on
offer-note = Note
offer-record-answer = Record the answer
offer-lease-signed = Lease signed
offer-signed-on = Signed on
offer-starts-on = Lease starts on
offer-rent = Monthly rent
offer-subsidy = Monthly subsidy
offer-record-lease = Record the lease
offer-moved-in = Move-in
offer-moved-in-on = Moved in on
offer-record-move-in = Record the move-in
offer-withdraw = Withdraw the offer
offer-withdraw-reason = Reason for withdrawing
offer-history = History
client-decline-reason-location = Location
client-decline-reason-unit-condition = Condition of the unit
client-decline-reason-unit-size = Size of the unit
client-decline-reason-cost = Cost
client-decline-reason-accessibility = Accessibility
client-decline-reason-found-other-housing = Found other housing
client-decline-reason-not-ready = Not ready to move
client-decline-reason-unreachable = Could not be reached
client-decline-reason-other = Other
landlord-decline-reason-income = Income
landlord-decline-reason-references = References
landlord-decline-reason-household-size = Household size
landlord-decline-reason-tenancy-history = Tenancy history
landlord-decline-reason-unit-unavailable = Unit no longer available
landlord-decline-reason-no-answer = No answer from the landlord
landlord-decline-reason-other = Other
withdraw-reason-unit-unavailable = Unit no longer available
withdraw-reason-client-situation-changed = The person's situation changed
withdraw-reason-entered-in-error = Entered in error
withdraw-reason-other = Other
notice-offer-made = A unit is offered to one of your agency's clients: take it to them and record their answer.
notice-offer-reminder = An offer to one of your agency's clients is due for an answer soon.
notice-offer-landlord-answered = The landlord answered an offer to one of your agency's clients.
notice-offer-withdrawn = The hub withdrew an offer to one of your agency's clients.
error-date-in-future = This date is in the future.
error-date-in-past = This date has passed.
error-before-offer = This date is before the offer was made.
error-before-lease = This date is before the lease starts.
error-not-leased = The unit is not leased yet: record the lease first.
error-reason-required = Give the reason.
error-subsidy-above-rent = The subsidy cannot be more than the rent.
error-choose-proposal = Tick at least one proposal.
error-policy-key = Unknown or repeated priority key.
error-round-changed = Another locator solved this round again meanwhile. Reload it and try again.
error-already-corrected = This pair is already excluded or pinned in this round.
error-offer-changed = This offer has moved on since you opened it (someone else recorded a step, or it lapsed). Reload it to see where it stands.
error-offer-exists = This unit or this person is already in a live offer. Nothing was changed.
error-person-taken = This person is no longer waiting (already offered a unit, housed, inactive, or their consent ended). Nothing was changed.
error-person-changed = This person's status changed meanwhile. Reload the page to see where they are now.
error-not-a-proposal = This pair is not one of the round's proposals.
error-pin-infeasible = This unit does not suit this person (a hard constraint fails) or is already taken by another pin. Nothing was changed.
error-round-dry-run = A dry run is for looking only: run a round to make offers.
error-round-stale = Some proposals are out of date: their unit or person changed since the round. Nothing was offered; run a new round.

## Equity of matching (D4)
nav-equity = Equity
equity-title = Equity of matching
equity-intro = For a round or a period: how many persons of each group were offered a unit, accepted one and moved in, against the group's share of the persons waiting on the list. No person is named, and small counts are withheld.
equity-round = Round
equity-any-round = None: a period
equity-round-choice = Round of { $on } ({ $offers ->
    [one] { $offers } offer
   *[other] { $offers } offers
})
equity-from = From
equity-to = To
equity-k = Withhold counts below (persons, at least 3)
equity-scope-round = Round of { $on }: the persons in the round and the offers made from it.
equity-scope-period = From { $from } to { $to }: the persons waiting at some time in the period, and the offers, acceptances and move-ins within it.
equity-by-agency = By referring agency
equity-by-household-type = By household type
equity-by-age-group = By age group
equity-by-gender = By gender
equity-by-self-identified = By self-identified group (voluntary: a person may be in several or in none)
equity-group = Group
equity-listed = Waiting on the list
equity-offered = Offered a unit
equity-accepted = Accepted an offer
equity-housed = Moved in
equity-persons = Persons
equity-share = Share
equity-ratio = Ratio (95% interval)
equity-days-to-offer = Median days from referral to offer
equity-days-to-move-in = Median days from referral to move-in
equity-everyone = Everyone
equity-group-hub = Walk-ins at the hub
equity-household-type-single = Single adult
equity-household-type-adults = Adults without children
equity-household-type-family = Family with children or expecting
equity-age-group-youth = Youth (under 25)
equity-age-group-adult = 25 to 54
equity-age-group-senior = 55 and over
equity-age-group-unknown = Age unknown
equity-gender-woman = Women
equity-gender-man = Men
equity-gender-other = Another gender, or not stated
equity-ratio-hint = Ratio: the group's rate (persons with the outcome among the persons waiting) against everyone's; 1 is the same rate. The interval is where the ratio lies with 95% confidence given the group's size (Wilson's score interval); * marks a ratio whose interval leaves out 1: a difference more than chance.
equity-suppression = x: withheld, because fewer than { $k } persons are behind it, or because, with the total, it would let a withheld count be worked out. Shares and ratios of withheld counts are not shown.
error-k-persons = Enter a whole number of persons from 3 to 50.
error-period-order = The start of the period must come before its end.

## Policy comparison
nav-compare = Policies compared
compare-title = Prioritization policies compared
compare-intro = One round's snapshot (its persons waiting and its units open) matched under two policies, each all at once as a round does and one vacancy at a time as most coordinated-entry systems do (each unit in turn to the highest-ranked person it suits). Nothing is offered; the round's exclusions and pins are left out.
compare-no-round = No round has been run yet: the comparison is made on a round's snapshot.
compare-round-choice = Round of { $on } ({ $persons ->
    [one] { $persons } person
   *[other] { $persons } persons
}, { $units ->
    [one] { $units } unit
   *[other] { $units } units
})
compare-policy-a = Policy A (keys, most important first)
compare-policy-b = Policy B (keys, most important first)
compare-keys-hint = Keys: acuity, days_homeless, referral_date, children, youth, separated by commas. Policy A is the round's own when left blank.
compare-snapshot = Snapshot of { $on }: { $persons ->
    [one] { $persons } person waiting
   *[other] { $persons } persons waiting
}, { $units ->
    [one] { $units } unit open
   *[other] { $units } units open
}.
compare-summary = What each way gives
compare-measure = Measure
compare-way-round = all at once (a round)
compare-way-usual = one vacancy at a time
compare-matched = Persons matched
compare-total-fit = Total fit
compare-median-rank = Median rank of the persons matched
compare-last-rank = Lowest rank matched
compare-top-ranked = Highest-ranked persons matched
compare-top-ranked-cell = { $matched } of the { $of } highest-ranked
compare-measures-hint = Ranks are under each column's own policy. Total fit adds every match's fit (the engine's measure of how well a unit suits a household). "Highest-ranked persons matched" counts, of the n highest-ranked persons (n = persons matched), those matched: n when nobody lower on the list took a unit from someone higher.
compare-in-round = In the round
compare-column = { $policy }, { $way }
compare-changes = Who changes: { $from } against { $to }
compare-gained = Matched by { $to } and not by { $from }: { $count }
compare-lost = Matched by { $from } and not by { $to }: { $count }
compare-rank = rank { $rank } under policy A

## The audit trail
audit-entity-api-token = API token
audit-entity-audit = audit trail
audit-entity-contact = contact
audit-entity-directory = directory
audit-entity-file = file
audit-entity-follow-up = follow-up
audit-entity-follow-up-settings = follow-up settings
audit-entity-incident-meeting = mediation meeting
audit-entity-landlord = landlord
audit-entity-landlord-contact = landlord’s contact
audit-entity-landlord-event = landlord history
audit-entity-link-review = possible same person
audit-entity-linkage-model = identity model
audit-entity-list-settings = list settings
audit-entity-location = location
audit-entity-match-round = match round
audit-entity-meeting = meeting
audit-entity-offer = offer
audit-entity-organization = organization
audit-entity-organization-contacts = organization’s contacts
audit-entity-outreach-contact = outreach contact
audit-entity-outreach-mark = outreach stage
audit-entity-person = person
audit-entity-priority-list = by-name list
audit-entity-priority-policy = prioritization policy
audit-entity-property = property
audit-entity-referral = referral
audit-entity-relationship = relationship
audit-entity-service = service
audit-entity-systemic-issue = systemic issue
audit-entity-tenancy = tenancy
audit-entity-tenancy-contact = tenancy follow-up
audit-entity-tenancy-end = end of tenancy
audit-entity-tenancy-incident = incident
audit-entity-tenancy-supports = supporting agency
audit-entity-unit = unit
audit-entity-user = account
nav-audit = Audit trail
audit-title = Audit trail
audit-intro = Every read of a person's data, every change and every sign-in, newest first. Narrow it by a person's or a record's id, by who acted, by action or by dates.
audit-entity = Person or record id
audit-actor = Who acted (e-mail)
audit-action = Action
audit-any-action = Any action
audit-from = From
audit-to = To
audit-none = No event matches.
audit-caption = Events, newest first
audit-when = When
audit-who = Who
audit-record = Record
audit-detail = Detail
audit-older = Older events
audit-no-actor = (command line or visitor)
audit-action-read = Read
audit-action-create = Created
audit-action-update = Changed
audit-action-import = Imported
audit-action-login = Signed in
audit-action-login-failed = Sign-in failed
audit-action-login-throttled = Sign-in refused (too many failures)
audit-action-logout = Signed out
audit-action-export = Exported
error-record-id = Enter an id such as 0b8e6c2a-5f3d-4c1e-9a7b-2d4f6e8a0c1b.
nav-tokens = API tokens
tokens-title = API tokens
tokens-intro = A token lets a program use the API as you, with your role and your agency, without your password. Make one for each program, with the least it needs, and revoke it as soon as it is no longer used.
token-new = New token
token-name = What it is for
token-scope = Allowed
token-scope-read = Read only
token-scope-write = Read and change
token-days = Days it lasts
token-days-hint = { $count ->
    [one] From one day to one day.
   *[other] From one day to { $count } days.
}
token-create = Make the token
token-shown-once = Copy this token now: it is shown only this once. Send it in the header Authorization: Bearer followed by the token.
tokens-list = Tokens
tokens-none = No token yet.
token-owner = Owner
token-created = Made on
token-expires = Last day
token-last-used = Last used
token-never-used = Never
token-state = State
token-revoke = Revoke
token-revoked = Revoked on
token-expired = Expired
error-token-days = Give a number of days from 1 to 365.
error-token-refused = This API token is unknown, revoked or expired.
error-token-scope = This API token does not allow this: a read-only token only reads, and tokens are managed only when signed in.
nav-password = My password
password-title = My password
password-rules = { $count ->
    [one] At least one character.
   *[other] At least { $count } characters: a few words you will remember are best. Common passwords and your e-mail address are refused. Your other sessions end when you change it.
}
password-current = Current password
password-new = New password
password-confirm = New password again
password-change = Change my password
password-saved = Your password is changed. Your other sessions have ended.
error-password-current = This is not your current password.
error-password-short = Use at least 12 characters.
error-password-long = Use at most 128 characters.
error-password-common = This password is too easy to guess: choose another, without your e-mail address.
error-password-same = Choose a password other than your current one.
error-password-confirm = The two new passwords differ.
nav-users = Accounts
users-title = Accounts
users-intro = Disabling an account ends its sessions at once and refuses its sign-in and its API tokens; what it did stays in the audit trail. Enable it again to let it back. A change of role or agency applies at the next request of its sessions and tokens.
users-caption = Every account, by e-mail
user-email = E-mail
user-name = Name
user-role = Role
user-agency = Agency
user-created = Created on
user-state = State
user-sessions = Sessions
user-active = Active
user-disabled-on = Disabled on
user-disable = Disable
user-enable = Enable
user-end-sessions = End its sessions
users-new-title = New account
users-new-intro = The new account gets a link that sets its first password: mailed to its e-mail where mail is configured, else shown here once for you to pass on. Partner agency workers belong to an agency; other roles do not.
users-create = Create the account
user-agency-for-workers = Agency (partner agency workers only)
user-agency-none = No agency
user-change-role = Change
user-password = Password
user-reset = Send a link to set a new password
user-link-shown = A link that sets the password of { $email }. Pass it on to them yourself; it is shown only this once:
user-link-mailed = A link that sets the password was mailed to { $email }.
user-link-hours = It works once, for { $hours } hours. A newer link ends it.
error-role-self = You cannot change your own role: another administrator must.
reset-title = Set your password
reset-intro = Choose the password of { $email }.
reset-spent = This link no longer works: it was used, a newer one was made, or its time is up. Ask an administrator for a new one.
reset-submit = Set my password
reset-done = Your password is set. Sign in with it.
mail-account-created-subject = Your Passerelle account
mail-account-created = An account was made for you in Passerelle. This link sets your password; it works once, for three days:
mail-password-reset-subject = Set a new Passerelle password
mail-password-reset = An administrator asked for a new password for your Passerelle account. This link sets it; it works once, for three days. Your sessions have not ended yet: they will when the new password is set.
error-disable-self = You cannot disable your own account.

## After housing: tenancies and follow-up
nav-tenancies = Tenancies
tenancies-title = Tenancies and follow-up
tenancies-intro = Every household housed through the list, with the supports that continue after move-in. Follow-ups are scheduled from the move-in: logging a visit or a check-in is all it takes to clear one.
tenancies-show-ended = Show ended tenancies
tenancies-show-current = Show current tenancies
tenancies-overdue = Follow-ups overdue
tenancies-none-overdue = No follow-up is overdue.
tenancies-due-soon = Follow-ups due in the next seven days
tenancies-none-due = Nothing due in the next seven days.
tenancies-check-ins-due = Landlord check-ins due or overdue
tenancies-current = Current tenancies
tenancies-ended = Ended tenancies
tenancies-none = No tenancy here.
tenancies-see-all = { $count ->
    [one] See it in the list
   *[other] See all { $count } in the list
}
tenancies-show-every = Show every current tenancy
tenancies-count = { $count ->
    [one] One tenancy
   *[other] { $count } tenancies
}
tenancies-retention = Retention
tenancies-retention-mark = After move-in
tenancies-retention-rate = Rate
tenancies-six-months = 6 months
tenancies-twelve-months = 12 months
tenancies-retention-note = Computed from the dates: a household is retained at a mark if it is still housed then, or moved on to other housing before it. Deaths are left out of the rate; tenancies that have not reached the mark are not counted.
tenancies-cadence = Follow-up cadence
tenancies-cadence-now = { $weeks ->
    [0] No weekly visits
    [one] Weekly for the first week
   *[other] Weekly for the first { $weeks } weeks
}, then monthly to { $months } months after move-in.
tenancies-cadence-weekly = Weeks of weekly visits
tenancies-cadence-monthly = Monthly visits until (months after move-in)
tenancies-cadence-save = Save the cadence
tenancy-title = Tenancy
tenancy-person-withheld = Name withheld (consent ended)
tenancy-support-agency = Supporting agency
tenancy-support-worker = Supporting worker
tenancy-no-support = No supporting agency
tenancy-leased-on = Lease signed
tenancy-not-moved-in = Not moved in yet
tenancy-ended-on = Ended on
tenancy-end-reason = Why it ended
tenancy-next-visit = Next support visit
tenancy-next-check-in = Next landlord check-in
tenancy-overdue = overdue
tenancy-nothing-due = nothing due
tenancy-follow-ups-met = { $due ->
    [one] { $met } of { $due } follow-up due so far was met
   *[other] { $met } of { $due } follow-ups due so far were met
}
tenancy-retention-retained = Retained
tenancy-retention-not-retained = Not retained
tenancy-retention-excluded = Left out (death)
tenancy-retention-not-yet = Not reached yet
tenancy-log-visit = Log a support visit
tenancy-log-check-in = Log a landlord check-in
tenancy-contact-on = Date
tenancy-contact-party = With
tenancy-contact-kind = How
tenancy-contact-outcome = Outcome
tenancy-contact-notes = Notes
tenancy-contact-save = Save
tenancy-contacts = Visits and check-ins
tenancy-no-contacts = Nothing logged yet.
tenancy-party-support = Tenant (support visit)
tenancy-party-landlord = Landlord (check-in)
tenancy-kind-home-visit = Home visit
tenancy-kind-phone-call = Phone call
tenancy-kind-video-call = Video call
tenancy-kind-office-visit = Visit at the office
tenancy-kind-community = Met in the community
tenancy-kind-site-visit = Visit at the building
tenancy-kind-email = Email
tenancy-outcome-support-stable = Stable
tenancy-outcome-support-some-concerns = Some concerns
tenancy-outcome-support-at-risk = Tenancy at risk
tenancy-outcome-support-no-contact = Tried, not reached
tenancy-outcome-landlord-satisfied = Satisfied
tenancy-outcome-landlord-some-concerns = Some concerns
tenancy-outcome-landlord-wants-to-end = Wants to end the tenancy
tenancy-outcome-landlord-no-contact = Tried, not reached
tenancy-change-supports = Who supports this tenancy
tenancy-save-supports = Save the supports
tenancy-end = End the tenancy
tenancy-end-reason-moved-to-other-housing = Moved to other housing
tenancy-end-reason-eviction = Eviction
tenancy-end-reason-left-by-agreement = Left by agreement
tenancy-end-reason-hospital = Hospital
tenancy-end-reason-prison = Prison
tenancy-end-reason-death = Death
tenancy-end-reason-unknown = Unknown
tenancy-end-reason-not-recorded = Not recorded
unit-reason-tenancy-ended = tenancy ended (reason on the tenancy)
error-before-move-in = This date is before the tenancy began.
error-out-of-range = This number is outside the range allowed.
error-tenancy-ended = This tenancy has ended: nothing more can be logged on it.
error-weekly-past-end = The weekly visits would run past the end of the follow-up.
unit-reason-offer-leased = lease signed on an offer
unit-reason-offer-moved-in = moved in on an offer

## Incidents and mediation
incidents-title = Incidents and mediation
incidents-none = No incident recorded.
incident-title = Incident
incident-new = Record an incident
incident-save = Record the incident
incident-kind = What happened
incident-raised-by = Raised by
incident-description = What was reported
incident-meetings = Mediation meetings
incident-no-meetings = No mediation meeting yet.
incident-meeting-new = Record a mediation meeting
incident-meeting-save = Save the meeting
incident-attendees = Who took part
incident-agreed = What was agreed
incident-state = Outcome
incident-open = Open
incident-close = Close the incident
incident-outcome = How it ended
incident-kind-arrears = Rent arrears
incident-kind-noise = Noise
incident-kind-damage = Damage to the unit
incident-kind-neighbour-conflict = Conflict with neighbours
incident-kind-guests = Guests
incident-kind-health-crisis = Health crisis
incident-kind-other = Other
incident-raised-by-landlord = The landlord
incident-raised-by-tenant = The tenant
incident-raised-by-neighbour = A neighbour
incident-raised-by-support-worker = The support worker
incident-raised-by-housing-locator = The housing locator
incident-raised-by-other = Someone else
incident-outcome-resolved = Resolved
incident-outcome-continues-with-conditions = Tenancy continues, with conditions
incident-outcome-tenancy-ended = Tenancy ended
incident-outcome-unresolved = Unresolved
error-before-incident = This date is before the incident.
error-incident-closed = This incident is closed: nothing more can be recorded on it.
landlord-relationship = The relationship over the years
landlord-relationship-none = No offer or tenancy yet.
landlord-relationship-by-year = Year by year
landlord-year = Year
landlord-offers = Offers made
landlord-tenancies-started = Tenancies started
landlord-tenancies-ended = Tenancies ended
landlord-median-days-housed = Median days housed (ended)
landlord-incidents = Incidents
landlord-incidents-ending = Incidents that ended the tenancy
landlord-relets = Units let again
landlord-median-days-to-relet = Median days to let again
landlord-how-tenancies-ended = How tenancies ended:
tenancy-returned = Return to homelessness
tenancy-returned-on = Referred again on { $on }, within twelve months of the move-in
person-tenancies = Tenancies

## Reports area
reports-title = Reports
reports-intro = Reports for public authorities and the hub. Every count of persons or agencies below the threshold is withheld, with a second count wherever a total would give it away.
outcomes-title = Housing outcomes
outcomes-about = placements, time to housing, retention, returns to homelessness and the list's flows, by month and by household.
reports-equity-title = Equity of matching
reports-equity-about = each group's offers, acceptances and move-ins against its share of the list.
reports-compare-title = Policy comparison
reports-compare-about = the same round under two prioritization policies.
reports-availability-title = Monthly availability
reports-availability-about = units open to the network each month, by size and neighbourhood.
reports-issues-title = Systemic issues
reports-issues-about = the barriers agencies report, by quarter.
reports-duplication-title = Service duplication
reports-duplication-about = agencies offering the same service to the same people in the same place.
reports-gaps-title = Gaps
reports-gaps-about = needs and neighbourhoods no service covers.
outcomes-intro = From { $from } to { $to }: every household housed through the list, counted from the dates of their referrals and tenancies.
outcomes-from = From (month)
outcomes-to = To (month)
outcomes-k = Withhold counts of persons below (at least 3)
outcomes-suppression = A count of fewer than { $k } persons, but at least one, is shown as x, and so is a second count wherever a total would give it away.
outcomes-print = Printed, each report takes its own page.
outcomes-empty = Nothing to count in this period: the chart and the table are empty.
outcomes-withheld = withheld
outcomes-total = Total
outcomes-household = Household
outcomes-everyone = Everyone
outcomes-housed = Housed
outcomes-moved-in = Moved in
outcomes-placements = Placements per month
outcomes-placements-note = Households who moved in, by the month of the move-in and their household type at referral.
outcomes-time-to-housing = Days from referral to move-in
outcomes-time-to-housing-note = For the move-ins of the period: days from the referral that led to the housing (the person's latest before the move-in) to the move-in. Median and 90th percentile by nearest rank; a group's figures are withheld with its count.
outcomes-median-days = Median (days)
outcomes-p90-days = 90th percentile (days)
outcomes-retention = Retention at 6 and 12 months
outcomes-retention-note = Households who moved in during the period: still housed at the mark, or moved on to other housing before it (retained); ended before it for any other reason (not retained); died before it (left out of the rate); mark still ahead (not reached).
outcomes-at-6-months = At 6 months
outcomes-at-12-months = At 12 months
outcomes-retention-retained = Retained
outcomes-retention-not-retained = Not retained
outcomes-retention-excluded = Left out (death)
outcomes-retention-not-yet = Not reached yet
outcomes-retention-rate = Retention rate (%)
outcomes-returns = Returns to homelessness
outcomes-returns-note = Households who moved in during the period: referred again within twelve months of the move-in (returned), twelve months passed without (not returned), or less than twelve months housed so far.
outcomes-returned = Returned
outcomes-not-returned = Not returned
outcomes-not-yet = Under twelve months
outcomes-flows = The list's inflow and outflow
outcomes-flows-note = Persons who came onto the list (new, back from housing, back from inactive) or left it (housed, inactive), by month.
outcomes-flow = Flow
error-month = Enter a month as YYYY-MM.
error-month-in-future = This month has not come yet.
error-range-order = The end comes before the start.
error-range-too-long = A report covers at most ten years.
projection-title = When does the list reach functional zero?
projection-about = a projection of the list month by month from the last twelve months, with its range, and the units that would bring the date a year sooner.
projection-intro = Functional zero for chronic homelessness: at most the threshold of people chronically homeless, sustained for three months. The projection repeats the last twelve months' inflow, housing and departures month by month, many times over with their variation.
projection-threshold = Functional zero: at most this many people chronically homeless
projection-summary = Functional zero, as things are: { $median } (one chance in ten by { $early }, nine in ten by { $late }).
projection-not-within-ten-years = not within ten years
projection-a-year-sooner = { $units ->
    [one] { $units } more unit a month ({ $sizes }) would bring it to { $median }.
   *[other] { $units } more units a month ({ $sizes }) would bring it to { $median }.
}
projection-no-sooner = No number of extra units a month up to 1,000 brings it a year sooner.
projection-assumptions = What the projection assumes
projection-model = Each month: departures as inactive, then housing (the chronically homeless first, as the priority policy ranks them; every extra unit houses one more person that month), then one in six of the others become chronic, then newcomers arrive (housed from the next month). The chronically homeless: days homeless when referred plus days on the list, at least 180.
projection-waiting-today = Persons waiting today
projection-chronic-today = Of them, chronically homeless
projection-inflow = Arrivals a month (new or back)
projection-housed = Housed a month
projection-inactive = Waiting persons gone inactive a month
projection-chronic-at-arrival = Newcomers chronically homeless when referred
projection-becoming-chronic = Waiting persons becoming chronic a month
projection-runs = Runs of the simulation
projection-threshold-line = Functional zero ({ $n })
projection-chart = Chronically homeless, projected: median and the range of eight runs in ten
projection-by-year = Once a year: median (10th–90th percentile)
projection-month = Month
projection-waiting = Persons waiting
projection-chronic = Chronically homeless
projection-bachelor = bachelor
projection-bedrooms = { $n ->
    [one] 1 bedroom
   *[other] { $n } bedrooms
}
error-threshold = Enter a whole number from 0 to 1,000.

## CSV headings: the English ones are those programs read today.
csv-month = month
csv-neighbourhood = neighbourhood
csv-bedrooms = bedrooms
csv-units = units
csv-agency-a = agency_a
csv-agency-b = agency_b
csv-services-overlap = services_overlap
csv-referrals-overlap = referrals_overlap
csv-shared-services = shared_services
csv-issue = issue
csv-label = label
csv-total = total
csv-seq = seq
csv-at = at
csv-actor = actor
csv-action = action
csv-entity = entity
csv-entity-id = entity_id
csv-detail = detail
quarter = Q{ $n } { $year }
