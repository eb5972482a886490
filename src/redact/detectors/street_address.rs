//! `STREET_ADDRESS`: postal addresses in the common US, UK, Canadian, Australian, Indian, German,
//! French and Spanish shapes, and postcodes after a postcode context word.
//!
//! English-language street lines need a street type (`Street`, `Crescent`, `Way`, ...) or a unit
//! word (`Flat`, `Suite`, `Apt.`); the city, region and postcode that follow are included in the
//! finding when present.

use super::{Detector, Pattern, Span};

/// Street types of US (USPS), UK, Canadian and Australian addresses, each also in the plural.
/// The word boundary makes `Passage` win over its prefix `Pass`.
macro_rules! street_type {
    () => {
        concat!(
            r"(?:Alley|Arcade|Avenue|Ave|Bend|Bluff|Boulevard|Blvd|Branch|Bridge|Brook|Burg|",
            r"Bypass|Byway|Camp|Canyon|Cape|Causeway|Centre|Center|Circle|Circuit|Cir|Cliff|Close|",
            r"Club|Common|Corner|Course|Court|Ct|Cove|Creek|Crescent|Cres|Crest|Crossing|",
            r"Crossroad|Crossway|Curve|Dale|Dam|Divide|Drive|Dr|Esplanade|Estate|Expressway|",
            r"Extension|Falls|Ferry|Field|Flat|Ford|Forest|Forge|Fork|Freeway|Garden|Gardens|",
            r"Gateway|Glen|Green|Grove|Harbor|Harbour|Haven|Heights|Highway|Hwy|Hill|Hollow|",
            r"Inlet|Island|Isle|Junction|Key|Knoll|Lake|Land|Landing|Lane|Ln|Light|Loaf|Lock|",
            r"Lodge|Loop|Mall|Manor|Meadow|Mews|Mill|Mission|Motorway|Mount|Mountain|Neck|",
            r"Orchard|Oval|Overpass|Parade|Park|Parkway|Pkwy|Pass|Passage|Path|Pike|Pine|Place|",
            r"Pl|Plain|Plaza|Point|Port|Prairie|Promenade|Radial|Ramp|Ranch|Rapid|Reach|Rest|",
            r"Ridge|Ring|Rise|River|Road|Rd|Route|Row|Rue|Run|Shoal|Shore|Skyway|Spring|Spur|",
            r"Square|Sq|Station|Stravenue|Stream|Street|St|Summit|Terrace|Tce|Throughway|Trace|",
            r"Track|Trafficway|Trail|Tunnel|Turnpike|Underpass|Union|Vale|Valley|Via|Viaduct|",
            r"View|Village|Ville|Vista|Walk|Wall|Way|Well|Wynd)s?(?-u:\b)\.?"
        )
    };
}

/// Postcodes: US ZIP (and ZIP+4), UK, Canadian, Australian and Indian.
macro_rules! postcode {
    () => {
        concat!(
            r"(?:[0-9]{5}(?:-[0-9]{4})?|[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}|",
            r"[A-Z][0-9][A-Z] ?[0-9][A-Z][0-9]|[0-9]{4}|[0-9]{6})"
        )
    };
}

/// Region and postcode that end an address written without a comma after the street: a US
/// state and ZIP, a Canadian province and postcode, an Australian state and postcode, or a UK
/// postcode. The region codes are closed lists, so that the capitalised words before them are
/// taken as a town only when an address really ends there.
macro_rules! region_postcode {
    () => {
        concat!(
            r"(?:(?:AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|",
            r"MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR|",
            r"GU|VI) [0-9]{5}(?:-[0-9]{4})?",
            r"|(?:AB|BC|MB|NB|NL|NS|NT|NU|ON|PE|QC|SK|YT) [A-Z][0-9][A-Z] ?[0-9][A-Z][0-9]",
            r"|(?:NSW|VIC|QLD|WA|SA|TAS|ACT|NT) [0-9]{4}",
            r"|[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2})(?-u:\b)"
        )
    };
}

/// Optional unit, then `, City(, REGION) POSTCODE`, or `City REGION POSTCODE` with no comma
/// after the street line, which counts only when it ends with [`region_postcode`].
macro_rules! locality {
    () => {
        concat!(
            r"(?:,? (?:Apt\.?|Suite|Unit|Flat) [0-9]{1,5}[A-Z]?)?",
            // The town's words take no trailing space, so that a postcode after the town with no
            // comma (`Oxford OX1 4AB`) still joins the match instead of cutting it mid-word.
            r"(?:, \p{Lu}\p{Ll}+(?: \p{Lu}\p{Ll}+){0,2}(?:,? (?:[A-Z]{2,3},? )?",
            postcode!(),
            r")?",
            r"| \p{Lu}\p{Ll}+(?: \p{Lu}\p{Ll}+){0,2},? ",
            region_postcode!(),
            r")?"
        )
    };
}

/// Optional five-digit postcode and town after a German, French or Spanish street line, with or
/// without a comma before it: `, 10115 Berlin` or ` 75002 Paris`.
macro_rules! postcode_town {
    () => {
        r"(?:,? [0-9]{5} \p{Lu}[\p{L}\-]+)?"
    };
}

/// Compass point written after a US or Canadian street name: `Avenue NW`, `Street West`.
macro_rules! direction {
    () => {
        r"(?: (?:NE|NW|SE|SW|N|S|E|W|North|South|East|West)(?-u:\b))?"
    };
}

pub(super) const DETECTOR: Detector = Detector {
    entity: "STREET_ADDRESS",
    context_words: &[
        "postcode",
        "post code",
        "postal code",
        "zip",
        "zip code",
        "plz",
        "code postal",
        "código postal",
        "pin code",
        "pincode",
    ],
    countries: &[],
    patterns: &[
        Pattern {
            rule: "address.street",
            // `792 Sean Divide, New Lisaton, PA 52426`, `Apt. 581 758 Tate Plaza, ...`
            regex: concat!(
                r"(?:(?:Flat|Studio|Apt\.?|Apartment|Unit|Suite) [0-9]{1,5}[A-Z]?,? )?",
                r"[0-9]{1,6}[A-Za-z]?,? (?:\p{Lu}\p{Ll}+ ){1,3}",
                street_type!(),
                direction!(),
                locality!()
            ),
            score: 0.7,
            requires_context: false,
            validate,
        },
        Pattern {
            rule: "address.unit",
            // `Studio 32, Graham Crescent, Burtonborough, M9 0HG`, `Flat 71 2 Sarah Part, ...`:
            // a unit word makes the street type optional.
            regex: concat!(
                r"(?:Flat|Studio|Apt\.?|Apartment|Unit) [0-9]{1,5}[A-Z]?,? (?:[0-9]{1,6} )?",
                r"(?:\p{Lu}\p{Ll}+ ){0,3}\p{Lu}\p{Ll}+",
                locality!()
            ),
            score: 0.6,
            requires_context: false,
            validate,
        },
        Pattern {
            rule: "address.india",
            // `H.No. 94, Kade Nagar, Singrauli-023740`, `07/57, Hayre, Durg-017468`
            regex: r"(?:H\. ?No\. ?[0-9]{1,5}(?:/[0-9]{1,4})?|[0-9]{1,4}/[0-9]{1,4}), (?:\p{Lu}\p{Ll}+ ?){1,3}(?:, (?:\p{Lu}\p{Ll}+ ?){1,3})?(?:[ -][0-9]{6})",
            score: 0.7,
            requires_context: false,
            validate,
        },
        Pattern {
            rule: "address.military",
            regex: r"(?:PSC|Unit) [0-9]{4}, Box [0-9]{4}, (?:APO|FPO|DPO) A[AEP] [0-9]{5}",
            score: 0.8,
            requires_context: false,
            validate,
        },
        Pattern {
            rule: "address.germany",
            // `Hauptstraße 12, 10115 Berlin`
            regex: concat!(
                r"\p{Lu}[\p{Ll}ß\-]*(?:straße|strasse|str\.|weg|platz|allee|gasse|ring|damm|ufer) ",
                r"[0-9]{1,4}[a-z]?",
                postcode_town!()
            ),
            score: 0.7,
            requires_context: false,
            validate,
        },
        Pattern {
            rule: "address.france",
            // `12 rue de la Paix, 75002 Paris`
            regex: concat!(
                r"[0-9]{1,4}(?: ?(?:bis|ter))?,? ",
                r"(?i:rue|avenue|boulevard|bd|place|chemin|allée|impasse|quai|route|cours) ",
                r"(?:(?:de la|du|des|de|d'|l') ?)?\p{Lu}[\p{L}'\-]+(?: \p{Lu}[\p{L}'\-]+){0,3}",
                postcode_town!()
            ),
            score: 0.7,
            requires_context: false,
            validate,
        },
        Pattern {
            rule: "address.spain",
            // `Calle Mayor 5, 28013 Madrid`, `Avenida de la Constitución, nº 12`
            regex: concat!(
                r"(?:Calle|C/|Avenida|Avda\.|Plaza|Paseo|Camino|Carretera|Ronda|Travesía) ",
                r"(?:(?:de la|del|de los|de las|de) )?\p{Lu}\p{L}+(?: \p{Lu}\p{L}+){0,3},? ",
                r"(?:n[º°.]? ?)?[0-9]{1,4}",
                postcode_town!()
            ),
            score: 0.7,
            requires_context: false,
            validate,
        },
        Pattern {
            rule: "address.postcode",
            // A postcode starts a word; `validate` checks that, and the boundary spares the
            // search a try at every digit of longer numbers.
            regex: concat!(r"(?-u:\b)", postcode!()),
            score: 0.5,
            requires_context: true,
            validate,
        },
    ],
};

/// Abbreviated street types, which keep their period.
const ABBREVIATIONS: &[&str] = &[
    "Ave", "Blvd", "Cir", "Cres", "Ct", "Dr", "Hwy", "Ln", "Pkwy", "Pl", "Rd", "Sq", "St", "Tce",
];

/// Checks that no letter or digit touches the match on either side, after dropping a final
/// period that ends the sentence rather than an abbreviation such as `St.` or `Blvd.`.
fn validate(text: &str, span: Span) -> Option<Span> {
    let candidate = text.get(span.start..span.end)?;
    let span = match candidate.strip_suffix('.') {
        Some(rest)
            if !rest
                .rsplit(' ')
                .next()
                .is_some_and(|word| ABBREVIATIONS.contains(&word)) =>
        {
            Span {
                start: span.start,
                end: span.end - 1,
            }
        }
        _ => span,
    };
    let is_word = |character: char| character.is_alphanumeric() || character == '_';
    let before = text
        .get(..span.start)
        .and_then(|before| before.chars().next_back());
    let after = text.get(span.end..).and_then(|after| after.chars().next());
    (!before.is_some_and(is_word) && !after.is_some_and(is_word)).then_some(span)
}

#[cfg(test)]
mod tests {
    use crate::redact::detectors::found;

    fn addresses(text: &str) -> Vec<&str> {
        found("STREET_ADDRESS", text)
    }

    #[test]
    fn postcode_after_town_without_comma() {
        assert_eq!(
            addresses("Ship to 12 High Street, Oxford OX1 4AB"),
            ["12 High Street, Oxford OX1 4AB"]
        );
        assert_eq!(
            addresses("Deliver to 10 Downing Street, London SW1A 2AA today"),
            ["10 Downing Street, London SW1A 2AA"]
        );
        assert_eq!(
            addresses("Ship to 10 Downing Street, London"),
            ["10 Downing Street, London"]
        );
    }

    #[test]
    fn address_finds_english_language_shapes() {
        for address in [
            "792 Sean Divide, New Lisaton, PA 52426",
            "174 Turner Ville, Lake Conormouth, M01 6EN",
            "9160 Daniel Passage Suite 364, Colonfort, LA 68668",
            "Studio 32, Graham Crescent, Burtonborough, M9 0HG",
            "467 Bruce Crossway, Miguelshire, NT, 2452",
            "9748 Sarah Cliff Apt. 378, West Jasonborough, SK C8L 4S1",
            "1200 Harbor Way",
            "10 Downing Street, London, SW1A 2AA",
        ] {
            let text = format!("Ship to Julie Romero at {address}.");
            assert_eq!(addresses(&text), [address], "{text}");
        }
    }

    #[test]
    fn address_finds_other_countries() {
        for address in [
            "H.No. 94, Kade Nagar, Singrauli-023740",
            "07/57, Hayre, Durg-017468",
            "PSC 1336, Box 1485, APO AA 94645",
            "Hauptstraße 12, 10115 Berlin",
            "12 rue de la Paix, 75002 Paris",
            "Calle Mayor 5, 28013 Madrid",
        ] {
            let text = format!("Deliver to {address} please");
            assert_eq!(addresses(&text), [address], "{text}");
        }
    }

    #[test]
    fn address_without_commas_is_one_finding() {
        for address in [
            "1600 Pennsylvania Avenue NW Washington DC 20500",
            "350 Fifth Avenue New York NY 10118",
            "350 Fifth Avenue New York, NY 10118-0110",
            "1600 Pennsylvania Avenue NW, Washington DC 20500",
            "10 Downing Street London SW1A 2AA",
            "9748 Sarah Cliff Apt. 378 West Jasonborough SK C8L 4S1",
            "100 Queen Street West Toronto ON M5H 2N2",
            "467 Bruce Crossway Miguelshire NT 2452",
            "12 George Street Sydney NSW 2000",
            "Hauptstraße 12 10115 Berlin",
            "12 rue de la Paix 75002 Paris",
            "Calle Mayor 5 28013 Madrid",
        ] {
            let text = format!("Deliver to {address} please");
            assert_eq!(addresses(&text), [address], "{text}");
        }
    }

    #[test]
    fn address_without_commas_needs_a_postcode() {
        // Without a region and postcode the words after the street type may not be a town.
        assert_eq!(
            addresses("Deliver to 12 High Street Office hours apply"),
            ["12 High Street"]
        );
        assert_eq!(
            addresses("Meet at 350 Fifth Avenue New York office at 10"),
            ["350 Fifth Avenue"]
        );
        // A two-letter word that is not a state does not end an address.
        assert_eq!(
            addresses("Deliver to 350 Fifth Avenue New York XX 10118"),
            ["350 Fifth Avenue"]
        );
    }

    #[test]
    fn address_postcode_needs_context() {
        assert_eq!(addresses("Postcode: SW1A 2AA"), ["SW1A 2AA"]);
        assert_eq!(addresses("ZIP 94607-1234"), ["94607-1234"]);
        assert!(addresses("Invoice 94607 total").is_empty());
    }

    #[test]
    fn address_ignores_bookkeeping_lines() {
        for text in [
            "Account 4000 Sales, 1200 Receivables; period closed.",
            "Ordered 12 Office Chairs for the branch.",
            "Paid 3 invoices on 2026-05-01.",
        ] {
            assert!(addresses(text).is_empty(), "{text}");
        }
    }
}
