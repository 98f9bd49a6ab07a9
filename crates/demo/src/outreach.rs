//! The demo outreach: two years of a convener's work. Most agencies were contacted, most of
//! those met one on one, some met again and became partners; a few are reluctant (and
//! still invited to every group meeting); a few were never reached. Group meetings bring
//! together drop-ins of one area, whose services overlap. Each agency answers in its own
//! language. Nothing about staff, budgets or funding, by design.

use passerelle_domain::directory::DirectorySnapshot;
use passerelle_domain::outreach::*;
use passerelle_rng::Rng;
use time::{Date, Duration};
use uuid::Uuid;

/// A meeting with what came of it (nothing yet when it is still ahead).
#[derive(Debug, Clone)]
pub struct DemoMeeting {
    pub fields: MeetingFields,
    pub answers: Vec<(Uuid, Answers)>,
    pub outcome: Option<OutcomeFields>,
    /// Each follow-up, with the day it was done if it was.
    pub follow_ups: Vec<(FollowUpFields, Option<Date>)>,
}

#[derive(Debug, Clone, Default)]
pub struct DemoOutreach {
    pub contacts: Vec<(Uuid, ContactFields)>,
    /// (agency, reluctant, partner since)
    pub marks: Vec<(Uuid, bool, Option<Date>)>,
    pub meetings: Vec<DemoMeeting>,
}

/// (English, French) answers for each of the seven questions, in `ANSWERS` order.
const ANSWER_BANK: [[(&str, &str); 4]; 7] = [
    [
        (
            "A first door: people come in for a meal and stay for the rest.",
            "Une première porte : on vient pour un repas et on reste pour le reste.",
        ),
        (
            "Case management for people who have been outside the longest.",
            "L’accompagnement des personnes à la rue depuis le plus longtemps.",
        ),
        (
            "Keeping young people in school while they look for housing.",
            "Garder les jeunes aux études pendant qu’ils cherchent un logement.",
        ),
        (
            "Health care where people are, without an appointment.",
            "Des soins là où sont les gens, sans rendez-vous.",
        ),
    ],
    [
        (
            "Trust: people know our staff by name.",
            "La confiance : les gens connaissent notre équipe par son prénom.",
        ),
        (
            "Open evenings and weekends.",
            "Ouvert le soir et la fin de semaine.",
        ),
        (
            "Staff who speak the languages of newcomers.",
            "Une équipe qui parle les langues des nouveaux arrivants.",
        ),
        (
            "Peer workers with lived experience.",
            "Des pairs aidants qui ont vécu la rue.",
        ),
    ],
    [
        (
            "We refer out more than we receive; we are a crossroads.",
            "Nous orientons plus que nous ne recevons : nous sommes un carrefour.",
        ),
        (
            "On the edge: we rarely hear from the downtown agencies.",
            "En marge : nous entendons rarement les organismes du centre-ville.",
        ),
        (
            "Close to the two shelters, far from housing providers.",
            "Proches des deux refuges, loin des fournisseurs de logement.",
        ),
        (
            "Part of the francophone circle, less of the rest.",
            "Dans le cercle francophone, moins dans le reste.",
        ),
    ],
    [
        (
            "Finding units quickly once a person is matched.",
            "Trouver des logements vite une fois la personne jumelée.",
        ),
        (
            "Bringing agencies to one table.",
            "Réunir les organismes à une même table.",
        ),
        (
            "Answering the phone when a tenancy is at risk.",
            "Répondre quand un bail est menacé.",
        ),
        (
            "Speaking to the City for all of us.",
            "Parler à la Ville au nom de tous.",
        ),
    ],
    [
        (
            "Telling us why a referral was not accepted.",
            "Nous dire pourquoi une orientation n’a pas été retenue.",
        ),
        (
            "Reaching agencies outside downtown.",
            "Rejoindre les organismes hors du centre-ville.",
        ),
        (
            "Sharing what it hears from landlords.",
            "Partager ce qu’il entend des propriétaires.",
        ),
        ("Services in French.", "Les services en français."),
    ],
    [
        (
            "A shared calendar of meal programs.",
            "Un calendrier commun des repas.",
        ),
        (
            "Visits to tenants in their first three months.",
            "Des visites aux locataires dans leurs trois premiers mois.",
        ),
        (
            "A youth seat at the matching table.",
            "Une place pour les jeunes à la table de jumelage.",
        ),
        ("Pooling translation.", "Mettre en commun la traduction."),
    ],
    [
        (
            "Asking us for the same statistics twice.",
            "Nous demander deux fois les mêmes statistiques.",
        ),
        (
            "Running its own drop-in hours next to ours.",
            "Tenir ses propres heures d’accueil à côté des nôtres.",
        ),
        (
            "Meeting in the middle of the working day.",
            "Se réunir en plein milieu de la journée de travail.",
        ),
        (
            "Sending forms in English only.",
            "Envoyer des formulaires en anglais seulement.",
        ),
    ],
];

/// (English, French) purposes of a first meeting.
const FIRST_PURPOSES: [(&str, &str); 3] = [
    (
        "Get to know the agency: its role, strengths and view of the hub",
        "Connaître l’organisme : son rôle, ses forces et sa vision du carrefour",
    ),
    (
        "Learn how the agency sees its place in the network",
        "Comprendre comment l’organisme voit sa place dans le réseau",
    ),
    (
        "Hear what the hub should start and stop doing",
        "Entendre ce que le carrefour devrait commencer et cesser",
    ),
];

const DECISIONS: [(&str, &str); 3] = [
    (
        "Refer evening cases to each other; review in three months.",
        "S’orienter mutuellement les cas du soir; bilan dans trois mois.",
    ),
    (
        "The agency joins the matching table as an observer.",
        "L’organisme se joint à la table de jumelage comme observateur.",
    ),
    (
        "Share the monthly list of open units with the agency.",
        "Partager avec l’organisme la liste mensuelle des logements à pourvoir.",
    ),
];

const FOLLOW_UPS: [(&str, &str); 3] = [
    (
        "Send the referral form and the contact list",
        "Envoyer le formulaire d’orientation et la liste des contacts",
    ),
    (
        "Introduce the agency to the housing locator team",
        "Présenter l’organisme à l’équipe de localisation de logements",
    ),
    (
        "Circulate the notes of the meeting",
        "Faire circuler le compte rendu de la rencontre",
    ),
];

/// A name in French (articles, accents): the agency answers in French.
fn speaks_french(name: &str) -> bool {
    let lower = name.to_lowercase();
    lower.contains(" de ")
        || lower.contains(" des ")
        || lower.contains(" du ")
        || lower.contains("l'")
        || lower.contains("l’")
        || lower.starts_with("le ")
        || lower.starts_with("la ")
        || lower.chars().any(|c| "éèêàçô".contains(c))
}

fn pick<'a>(rng: &mut Rng, bank: &'a [(&'a str, &'a str)], french: bool) -> &'a str {
    let (en, fr) = bank[rng.below(bank.len())];
    if french { fr } else { en }
}

fn answers(rng: &mut Rng, french: bool) -> Answers {
    let mut a = Answers::default();
    for (slot, bank) in a.0.iter_mut().zip(ANSWER_BANK.iter()) {
        // People skip a question now and then.
        if rng.chance(0.85) {
            *slot = Some(pick(rng, bank, french).to_owned());
        }
    }
    a
}

struct Agency {
    id: Uuid,
    name: String,
    french: bool,
    area: Option<Uuid>,
    drop_in: bool,
}

/// Outreach for the agencies of `directory` over the two years before `today`.
pub fn generate_outreach(seed: u64, directory: &DirectorySnapshot, today: Date) -> DemoOutreach {
    let mut rng = Rng::new(seed ^ 0x4f55_5452_4541_4348);
    let drop_in = passerelle_domain::vocabulary::Vocabulary::AgencyType.term_id("drop-in");
    let agencies: Vec<Agency> = directory
        .organizations
        .iter()
        .map(|o| Agency {
            id: o.organization.id,
            name: o.organization.fields.name.clone(),
            french: speaks_french(&o.organization.fields.name),
            area: o.locations.first().and_then(|l| l.fields.area_id),
            drop_in: o.organization.fields.term_ids.contains(&drop_in),
        })
        .collect();
    let mut out = DemoOutreach::default();
    let mut order: Vec<usize> = (0..agencies.len()).collect();
    for i in (1..order.len()).rev() {
        order.swap(i, rng.below(i + 1));
    }
    let reluctant: Vec<usize> = order.iter().copied().take(4).collect();
    let never = order.len() / 10;
    let reached: Vec<usize> = order.iter().copied().skip(4 + never).collect();
    let day = |rng: &mut Rng, from: i64, to: i64| {
        today - Duration::days(from + rng.below((to - from).max(1) as usize) as i64)
    };

    let meeting = |rng: &mut Rng,
                   invited: Vec<&Agency>,
                   purpose: String,
                   preparation: Option<String>,
                   on: Date| {
        let french = invited[0].french;
        let held = on <= today;
        let answers = if held {
            invited
                .iter()
                .map(|a| (a.id, answers(rng, a.french)))
                .collect()
        } else {
            Vec::new()
        };
        let outcome = held.then(|| OutcomeFields {
            held_on: on,
            decisions: Some(pick(rng, &DECISIONS, french).to_owned()),
            next_meeting_on: rng
                .chance(0.6)
                .then(|| on + Duration::days(60 + rng.below(120) as i64)),
        });
        let follow_ups = if held {
            (0..1 + rng.below(2))
                .map(|_| {
                    let due = on + Duration::days(14 + rng.below(30) as i64);
                    let done = (due < today - Duration::days(10) && rng.chance(0.85))
                        .then(|| due - Duration::days(rng.below(10) as i64));
                    (
                        FollowUpFields {
                            description: pick(rng, &FOLLOW_UPS, french).to_owned(),
                            owner: if rng.chance(0.5) {
                                invited[rng.below(invited.len())].name.clone()
                            } else {
                                "Hub".to_owned()
                            },
                            due_on: due,
                        },
                        done,
                    )
                })
                .collect()
        } else {
            Vec::new()
        };
        DemoMeeting {
            fields: MeetingFields {
                purpose,
                preparation,
                expected_outcomes: None,
                scheduled_on: on,
                agencies: invited.iter().map(|a| a.id).collect(),
            },
            answers,
            outcome,
            follow_ups,
        }
    };

    for &i in &reached {
        let a = &agencies[i];
        let first = day(&mut rng, 60, 730);
        for k in 0..1 + rng.below(3) {
            let on = first + Duration::days(k as i64 * (20 + rng.below(90) as i64));
            if on <= today {
                out.contacts.push((
                    a.id,
                    ContactFields {
                        contacted_on: on,
                        channel: CHANNELS[rng.below(CHANNELS.len())],
                        note: None,
                    },
                ));
            }
        }
        if rng.chance(0.25) {
            continue; // contacted, no meeting yet
        }
        let purpose = pick(&mut rng, &FIRST_PURPOSES, a.french).to_owned();
        let on = first + Duration::days(14 + rng.below(45) as i64);
        out.meetings
            .push(meeting(&mut rng, vec![a], purpose.clone(), None, on));
        if rng.chance(0.4) {
            let again = on + Duration::days(90 + rng.below(240) as i64);
            let follow_up = if a.french {
                "Faire le point sur ce qui a été convenu"
            } else {
                "Take stock of what was agreed"
            };
            out.meetings.push(meeting(
                &mut rng,
                vec![a],
                follow_up.into(),
                Some(purpose),
                again,
            ));
            if again <= today && rng.chance(0.8) {
                out.marks.push((a.id, false, Some(again)));
            }
        }
    }
    for &i in &reluctant {
        out.marks.push((agencies[i].id, true, None));
    }
    // Drop-ins of one area meet about what they duplicate; reluctant agencies are invited too.
    let mut areas: Vec<Option<Uuid>> = agencies
        .iter()
        .filter(|a| a.drop_in)
        .map(|a| a.area)
        .collect();
    areas.sort();
    areas.dedup();
    for area in areas.into_iter().flatten() {
        let mut invited: Vec<&Agency> = agencies
            .iter()
            .filter(|a| a.drop_in && a.area == Some(area))
            .collect();
        if invited.len() < 2 {
            continue;
        }
        // A reluctant drop-in of the area is invited already.
        invited.extend(
            reluctant
                .iter()
                .map(|&i| &agencies[i])
                .filter(|a| a.area == Some(area) && !a.drop_in),
        );
        let french = invited[0].french;
        let purpose = if french {
            "Les centres de jour du secteur : qui offre quoi, et à qui"
        } else {
            "The area's drop-ins: who offers what, to whom"
        };
        let on = day(&mut rng, 20, 500);
        out.meetings
            .push(meeting(&mut rng, invited, purpose.into(), None, on));
    }
    // Two meetings still ahead.
    for &i in reached.iter().take(2) {
        let a = &agencies[i];
        let purpose = pick(&mut rng, &FIRST_PURPOSES, a.french).to_owned();
        let on = today + Duration::days(7 + rng.below(40) as i64);
        out.meetings
            .push(meeting(&mut rng, vec![a], purpose, None, on));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{DemoOptions, generate};

    #[test]
    fn the_demo_outreach_covers_every_stage_in_both_languages() {
        let community = generate(DemoOptions::default());
        let today = time::macros::date!(2026 - 11 - 27);
        let demo = generate_outreach(2026, &community.directory, today);
        let held = demo.meetings.iter().filter(|m| m.outcome.is_some()).count();
        assert!(held >= 40, "{held} meetings held");
        assert!(
            demo.meetings.iter().any(|m| m.outcome.is_none()),
            "some ahead"
        );
        assert!(
            demo.meetings.iter().any(|m| m.fields.agencies.len() >= 3),
            "group meetings"
        );
        assert_eq!(
            demo.marks.iter().filter(|m| m.1).count(),
            4,
            "reluctant agencies"
        );
        assert!(demo.marks.iter().any(|m| m.2.is_some()), "partners");
        let said: Vec<&str> = demo
            .meetings
            .iter()
            .flat_map(|m| m.answers.iter())
            .flat_map(|(_, a)| a.0.iter().flatten())
            .map(String::as_str)
            .collect();
        assert!(
            said.iter()
                .any(|s| s.contains("carrefour") || s.contains("organismes"))
        );
        assert!(
            said.iter()
                .any(|s| s.contains("agencies") || s.contains("hub"))
        );
        assert!(
            demo.meetings
                .iter()
                .all(|m| m.fields.scheduled_on >= today - Duration::days(800))
        );
    }

    #[test]
    fn no_meeting_invites_an_agency_twice_at_any_scale() {
        let today = time::macros::date!(2026 - 11 - 27);
        for scale in [1, 2, 10] {
            let community = generate(DemoOptions { seed: 2026, scale });
            let demo = generate_outreach(2026, &community.directory, today);
            for m in &demo.meetings {
                let mut agencies = m.fields.agencies.clone();
                agencies.sort();
                agencies.dedup();
                assert_eq!(
                    agencies.len(),
                    m.fields.agencies.len(),
                    "scale {scale}: {:?}",
                    m.fields.purpose
                );
            }
        }
    }
}
