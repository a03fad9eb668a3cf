//! Economies found by their English names: ISO 3166-1's short name, the
//! common name, and the short names people write.

use crate::error::{Error, ErrorKind, Result};
use crate::model::economy::Economy;

/// Names in common use that are neither ISO's short name nor its common
/// name, with the alpha-3 code they mean.
const ALIASES: &[(&str, &str)] = &[
    ("america", "USA"),
    ("united states of america", "USA"),
    ("us", "USA"),
    ("u.s.", "USA"),
    ("russia", "RUS"),
    ("korea", "KOR"),
    ("republic of korea", "KOR"),
    ("dprk", "PRK"),
    ("turkey", "TUR"),
    ("turkiye", "TUR"),
    ("vietnam", "VNM"),
    ("viet nam", "VNM"),
    ("uk", "GBR"),
    ("u.k.", "GBR"),
    ("britain", "GBR"),
    ("great britain", "GBR"),
    ("czech republic", "CZE"),
    ("iran", "IRN"),
    ("laos", "LAO"),
    ("syria", "SYR"),
    ("bolivia", "BOL"),
    ("venezuela", "VEN"),
    ("tanzania", "TZA"),
    ("moldova", "MDA"),
    ("taiwan", "TWN"),
    ("chinese taipei", "TWN"),
    ("macau", "MAC"),
    ("ivory coast", "CIV"),
    ("cote d'ivoire", "CIV"),
    ("cape verde", "CPV"),
    ("swaziland", "SWZ"),
    ("burma", "MMR"),
    ("holland", "NLD"),
    ("the netherlands", "NLD"),
    ("brunei", "BRN"),
    ("palestine", "PSE"),
    ("micronesia", "FSM"),
    ("dr congo", "COD"),
    ("drc", "COD"),
    ("democratic republic of the congo", "COD"),
    ("congo-kinshasa", "COD"),
    ("republic of the congo", "COG"),
    ("congo-brazzaville", "COG"),
    ("macedonia", "MKD"),
    ("east timor", "TLS"),
    ("vatican", "VAT"),
    ("vatican city", "VAT"),
    ("uae", "ARE"),
    ("emirates", "ARE"),
    ("saudi", "SAU"),
    ("hong kong sar", "HKG"),
    ("mainland china", "CHN"),
    ("prc", "CHN"),
];

/// A name folded for comparison: lower case, `ü` as `u` and a few other
/// letters of names without their accents, spaces collapsed.
fn fold(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut space = false;
    for c in name.trim().chars() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        let plain = match c {
            'ü' | 'Ü' => 'u',
            'ô' | 'Ô' | 'ö' | 'Ö' => 'o',
            'é' | 'É' | 'è' => 'e',
            'ç' | 'Ç' => 'c',
            'í' | 'Í' => 'i',
            'å' | 'Å' | 'ã' | 'á' => 'a',
            '’' => '\'',
            other => other,
        };
        out.extend(plain.to_lowercase());
    }
    out
}

impl Economy {
    /// Finds an economy by its English name, in any letter case: ISO
    /// 3166-1's short name ("Korea, Republic of", "Türkiye"), the common
    /// name ("South Korea", "Vietnam"), or a short name in common use
    /// ("Russia", "Turkey", "Viet Nam", "UK", "United States of America");
    /// accents optional ("Turkiye", "Cote d'Ivoire"). Codes are read by
    /// [`FromStr`](std::str::FromStr), which also tries names.
    ///
    /// # Example
    ///
    /// ```
    /// use tradedep::Economy;
    ///
    /// let kor = Economy::from_name("south korea")?;
    /// assert_eq!(kor.alpha3(), "KOR");
    /// for name in ["Türkiye", "Turkey", "turkiye"] {
    ///     assert_eq!(Economy::from_name(name)?.alpha3(), "TUR");
    /// }
    /// assert_eq!("Viet Nam".parse::<Economy>()?, "Vietnam".parse()?);
    /// assert!(Economy::from_name("Atlantis").is_err());
    /// # Ok::<(), tradedep::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Economy`] when no economy has that name.
    pub fn from_name(name: &str) -> Result<Economy> {
        let key = fold(name);
        if let Some((_, code)) = ALIASES.iter().find(|(alias, _)| *alias == key) {
            return Economy::from_alpha3(code);
        }
        Economy::all()
            .find(|e| fold(e.name()) == key || fold(e.iso_name()) == key)
            .ok_or_else(|| {
                Error::new(ErrorKind::Economy {
                    input: crate::error::quote(name),
                    reason: "no economy has this name, nor this code (names as ISO 3166-1 \
                             writes them, or their common short forms: Russia, South Korea, \
                             Vietnam)"
                        .into(),
                })
            })
    }
}
