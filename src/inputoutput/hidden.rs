//! Hidden exposure: look-through dependence beside face value, by
//! partner and by the importer's sectors.

use std::fmt;

use crate::error::Result;
use crate::inputoutput::face_value::FaceValue;
use crate::inputoutput::look_through::{Embodied, LookThrough, ratio};
use crate::inputoutput::mrio_model::{MrioModel, unit_columns};
use crate::inputoutput::region::Region;

/// Face value and look-through dependence side by side, and the hidden
/// part between them: what supply chains add to what the importer buys
/// directly.
///
/// # Formulas
///
/// By partner `s` ([`rows`](HiddenExposure::rows)):
///
/// - face value: [`FaceValue::share`] (`s`'s part of the importer's
///   imports) and [`FaceValue::share_of_total`] (of every purchase);
/// - look-through: [`LookThrough::share`] (`s`'s part of the foreign
///   output `L y_r`) and its share of the total output, and the
///   value-added share [`MrioModel::value_added_origin`] where the table
///   gives value added;
/// - hidden: look-through less face value, both ways.
///
/// By the importer's sector `j` ([`by_sector`](HiddenExposure::by_sector)),
/// as Baldwin, Freeman and Theodorakopoulos (NBER w30525, 2022) measure
/// it: face value is `s`'s part of the foreign intermediate inputs of
/// `(r,j)` ([`FaceValue::input_share`]); look-through is `s`'s part of
/// the foreign output that one unit of `(r,j)`'s output calls for, the
/// column `(r,j)` of `L`: `sum_(i in s) l_i,(r,j) / sum_(i not in r)
/// l_i,(r,j)`.
///
/// # Example
///
/// Japan buys parts from China (10) and goods from Viet Nam (30), whose
/// goods are made with 20 of Chinese parts out of 40 of output:
///
/// ```
/// use tradedep::inputoutput::{Mrio, Region};
///
/// let regions: Vec<Region> = vec!["JPN".parse()?, "CHN".parse()?, "VNM".parse()?];
/// let t = Mrio::builder(regions, ["parts", "goods"], ["hh"])
///     .intermediate(vec![
///         0.0, 0.0, 0.0, 0.0, 0.0, 0.0, // JPN parts
///         0.0, 0.0, 0.0, 0.0, 0.0, 0.0, // JPN goods
///         0.0, 10.0, 0.0, 0.0, 0.0, 20.0, // CHN parts: to JPN and VNM goods
///         0.0, 0.0, 0.0, 0.0, 0.0, 0.0, // CHN goods
///         0.0, 0.0, 0.0, 0.0, 0.0, 0.0, // VNM parts
///         0.0, 0.0, 0.0, 0.0, 0.0, 0.0, // VNM goods
///     ])
///     .final_demand(vec![
///         0.0, 0.0, 0.0, //
///         90.0, 0.0, 0.0, // JPN goods
///         0.0, 0.0, 0.0, //
///         0.0, 0.0, 0.0, //
///         0.0, 0.0, 0.0, //
///         30.0, 0.0, 10.0, // VNM goods: 30 to Japan
///     ])
///     .build()?;
/// let m = t.model()?;
/// let h = m.hidden_exposure(&"JPN".parse()?)?;
/// let chn = h.row(&"CHN".parse()?).unwrap();
/// // Face value: 10 of Japan's 40 of imports. Looked through: Japan's
/// // demand needs 10 + 15 of Chinese parts and 30 of Vietnamese goods,
/// // so China is 25 of 55.
/// assert!((chn.face_value().unwrap() - 0.25).abs() < 1e-12);
/// assert!((chn.look_through().unwrap() - 25.0 / 55.0).abs() < 1e-12);
/// assert!(chn.hidden().unwrap() > 0.2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct HiddenExposure {
    face: FaceValue,
    output: LookThrough,
    value_added: Option<LookThrough>,
    regions: Vec<Region>,
    sectors: Vec<String>,
    at: usize,
    /// Origin region by the importer's sector: the columns of `L`.
    columns: Vec<f64>,
}

/// One partner's row of a [`HiddenExposure`].
#[derive(Debug, Clone, PartialEq)]
pub struct HiddenRow {
    region: Region,
    face_value: Option<f64>,
    look_through: Option<f64>,
    value_added: Option<f64>,
    face_value_of_total: Option<f64>,
    look_through_of_total: Option<f64>,
}

impl HiddenRow {
    /// The partner.
    #[must_use]
    pub fn region(&self) -> &Region {
        &self.region
    }

    /// Its part of the importer's imports.
    #[must_use]
    pub fn face_value(&self) -> Option<f64> {
        self.face_value
    }

    /// Its part of the foreign output the importer's final demand needs.
    #[must_use]
    pub fn look_through(&self) -> Option<f64> {
        self.look_through
    }

    /// Its part of the foreign value added in the importer's final
    /// demand; `None` when the table gives no value added.
    #[must_use]
    pub fn value_added(&self) -> Option<f64> {
        self.value_added
    }

    /// Look-through less face value.
    #[must_use]
    pub fn hidden(&self) -> Option<f64> {
        Some(self.look_through? - self.face_value?)
    }

    /// Its part of every purchase of the importer, domestic included.
    #[must_use]
    pub fn face_value_of_total(&self) -> Option<f64> {
        self.face_value_of_total
    }

    /// Its part of all the output the importer's final demand needs,
    /// domestic included.
    #[must_use]
    pub fn look_through_of_total(&self) -> Option<f64> {
        self.look_through_of_total
    }

    /// [`look_through_of_total`](Self::look_through_of_total) less
    /// [`face_value_of_total`](Self::face_value_of_total).
    #[must_use]
    pub fn hidden_of_total(&self) -> Option<f64> {
        Some(self.look_through_of_total? - self.face_value_of_total?)
    }
}

/// One sector of the importer in [`HiddenExposure::by_sector`].
#[derive(Debug, Clone, PartialEq)]
pub struct SectorRow {
    sector: String,
    face_value: Option<f64>,
    look_through: Option<f64>,
}

impl SectorRow {
    /// The importer's sector.
    #[must_use]
    pub fn sector(&self) -> &str {
        &self.sector
    }

    /// The partner's part of the sector's foreign intermediate inputs.
    #[must_use]
    pub fn face_value(&self) -> Option<f64> {
        self.face_value
    }

    /// The partner's part of the foreign output one unit of the sector's
    /// output needs.
    #[must_use]
    pub fn look_through(&self) -> Option<f64> {
        self.look_through
    }

    /// Look-through less face value.
    #[must_use]
    pub fn hidden(&self) -> Option<f64> {
        Some(self.look_through? - self.face_value?)
    }
}

impl MrioModel<'_> {
    /// Face value and look-through dependence of `importer` on every
    /// partner; see [`HiddenExposure`]. The value-added column is left
    /// empty when the table gives no value added.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InputOutput`](crate::ErrorKind::InputOutput) for a
    /// region the table does not have.
    pub fn hidden_exposure(&self, importer: &Region) -> Result<HiddenExposure> {
        let t = self.table();
        let r = t.require_region(importer)?;
        let face = t.face_value(importer)?;
        // Output and value added from one solve.
        let kinds: &[Embodied] = if t.value_added().is_some() {
            &[Embodied::Output, Embodied::ValueAdded]
        } else {
            &[Embodied::Output]
        };
        let mut both = self.embodied_all(importer, kinds)?.into_iter();
        let output = both
            .next()
            .ok_or_else(|| crate::inputoutput::table::io_error("no look-through computed"))?;
        let value_added = both.next();
        let s = t.sectors().len();
        let first = r.saturating_mul(s);
        let own: Vec<usize> = (first..first.saturating_add(s)).collect();
        let mut m = self.columns(&unit_columns(t.len(), &own));
        self.solve(&mut m);
        let mut columns = vec![0.0; t.regions().len().saturating_mul(s)];
        for j in 0..s {
            for i in 0..t.len() {
                let origin = i.checked_div(s).unwrap_or(0);
                if let Some(slot) = columns.get_mut(origin.saturating_mul(s).saturating_add(j)) {
                    *slot += m[(i, j)];
                }
            }
        }
        Ok(HiddenExposure {
            face,
            output,
            value_added,
            regions: t.regions().to_vec(),
            sectors: t.sectors().to_vec(),
            at: r,
            columns,
        })
    }
}

impl HiddenExposure {
    /// The importer.
    #[must_use]
    pub fn importer(&self) -> &Region {
        self.face.importer()
    }

    /// The face-value measures.
    #[must_use]
    pub fn face(&self) -> &FaceValue {
        &self.face
    }

    /// The look-through output measures.
    #[must_use]
    pub fn output(&self) -> &LookThrough {
        &self.output
    }

    /// The value added by origin, where the table gives value added.
    #[must_use]
    pub fn value_added(&self) -> Option<&LookThrough> {
        self.value_added.as_ref()
    }

    /// One row per partner, in the table's region order.
    #[must_use]
    pub fn rows(&self) -> Vec<HiddenRow> {
        self.regions
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != self.at)
            .map(|(_, s)| HiddenRow {
                region: s.clone(),
                face_value: self.face.share(s),
                look_through: self.output.share(s),
                value_added: self.value_added.as_ref().and_then(|v| v.share(s)),
                face_value_of_total: self.face.share_of_total(s),
                look_through_of_total: self
                    .output
                    .from_region(s)
                    .and_then(|a| ratio(a, self.output.total())),
            })
            .collect()
    }

    /// The row of one partner.
    #[must_use]
    pub fn row(&self, partner: &Region) -> Option<HiddenRow> {
        self.rows().into_iter().find(|r| r.region() == partner)
    }

    /// The importer's sectors' exposure to `partner`, face value beside
    /// look-through; empty for the importer itself or an unknown region.
    #[must_use]
    pub fn by_sector(&self, partner: &Region) -> Vec<SectorRow> {
        let Some(p) = self.regions.iter().position(|r| r == partner) else {
            return Vec::new();
        };
        if p == self.at {
            return Vec::new();
        }
        let s = self.sectors.len();
        let cell = |r: usize, j: usize| {
            self.columns
                .get(r.saturating_mul(s).saturating_add(j))
                .copied()
                .unwrap_or(0.0)
        };
        self.sectors
            .iter()
            .enumerate()
            .map(|(j, name)| {
                let foreign = (0..self.regions.len())
                    .filter(|r| *r != self.at)
                    .map(|r| cell(r, j))
                    .sum::<f64>();
                SectorRow {
                    sector: name.clone(),
                    face_value: self.face.input_share(partner, name),
                    look_through: ratio(cell(p, j), foreign),
                }
            })
            .collect()
    }
}

fn pct(v: Option<f64>) -> String {
    v.map_or_else(|| "-".to_owned(), |v| format!("{:.2}%", v * 100.0))
}

impl fmt::Display for HiddenExposure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{}'s dependence by partner (shares of the foreign part)",
            self.importer()
        )?;
        writeln!(
            f,
            "  {:<8} {:>11} {:>13} {:>11} {:>11}",
            "partner", "face value", "look-through", "hidden", "value added"
        )?;
        for r in self.rows() {
            writeln!(
                f,
                "  {:<8} {:>11} {:>13} {:>11} {:>11}",
                r.region().code(),
                pct(r.face_value()),
                pct(r.look_through()),
                pct(r.hidden()),
                pct(r.value_added())
            )?;
        }
        Ok(())
    }
}
