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
org-description = Description
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
service-description = Description
service-status = Status
service-types = Service types
service-populations = Populations served
service-areas = Areas served
service-ages = Ages
service-locations = Delivered at
service-eligibility = Eligibility
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
error-internal = An unexpected error occurred. It has been logged.
error-login = The email or password is not correct.
error-bad-json = The request body is not valid JSON.
error-content-type = Send the request body as application/json.
error-json-shape = The JSON does not have the expected fields and types.
