//! Screens year by year: the EU screen and the supplier concentrations
//! of every year of loaded data in one pass, and the EU screen's
//! streaming builder for panels read one year at a time.

use std::fmt;

use crate::data::query::Query;
use crate::data::store::TradeData;
use crate::error::Result;
use crate::metrics::markets::ImporterMarkets;
use crate::metrics::product_concentration::{ProductConcentration, ProductConcentrations};
use crate::metrics::screens::{EuScreen, EuScreenResult, EuSums, Members, attributed};
use crate::metrics::stream::{
    FIX_FREQUENCY, FIX_LEVEL, Mixes, counted, merged_currency, same_currency,
};
use crate::model::economy::Economy;
use crate::model::flow::TradeFlow;
use crate::model::group::EconomyGroup;
use crate::model::hs::HsLevel;
use crate::model::money::Currency;

/// The value of `year` in a list kept in year order, made by `init` the
/// first time. Rows come year after year within a pair, so the list is
/// short and the last year the likeliest.
fn of_year<T>(years: &mut Vec<(i32, T)>, year: i32, init: impl FnOnce() -> T) -> Option<&mut T> {
    let at = match years.binary_search_by_key(&year, |(y, _)| *y) {
        Ok(i) => i,
        Err(i) => {
            years.insert(i, (year, init()));
            i
        }
    };
    years.get_mut(at).map(|(_, v)| v)
}

impl EuScreen {
    /// Screens the bloc in every year of `data`, over the flows `query`
    /// selects, in one pass: one result per year with flows, oldest
    /// first, each equal to [`run`](Self::run) over that year's flows
    /// (flows of any frequency count toward their calendar year).
    ///
    /// # Errors
    ///
    /// As [`run`](Self::run), for each year: frequencies and HS levels
    /// are checked within each importer's year (an economy may report
    /// years, then months).
    ///
    /// # Example
    ///
    /// ```
    /// use tradedep::{Direction, EconomyGroup, Query, TradeData, TradeFlow};
    /// use tradedep::metrics::EuScreen;
    ///
    /// let f = |exp: &str, y: &str, v: &str| -> Result<TradeFlow, tradedep::Error> {
    ///     TradeFlow::new("DEU".parse()?, exp.parse()?, Direction::Import, "280530".parse()?,
    ///                    y.parse()?, v.parse()?)
    /// };
    /// let data = TradeData::from_flows([
    ///     f("CHN", "2023", "60 USD")?, f("USA", "2023", "40 USD")?,
    ///     f("CHN", "2024", "90 USD")?, f("USA", "2024", "10 USD")?,
    /// ])?;
    /// let years = EuScreen::swd_2021_352().run_by_year(&data, &EconomyGroup::eu27(), &Query::new())?;
    /// let hhi: Vec<String> = years.iter().map(|(_, r)| r.rows()[0].hhi().unwrap().to_string()).collect();
    /// assert_eq!(hhi, ["0.52", "0.82"]); // 0.36 + 0.16, then 0.81 + 0.01
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn run_by_year(
        &self,
        data: &TradeData,
        bloc: &EconomyGroup,
        query: &Query,
    ) -> Result<Vec<(i32, EuScreenResult)>> {
        let members = Members::of(bloc);
        let mut years: Vec<(i32, EuSums)> = Vec::new();
        for r in data
            .candidates_by_year(query, true)?
            .filter(|r| attributed(r))
        {
            if let Some(sums) = of_year(&mut years, r.period.year(), EuSums::new) {
                sums.add(
                    &members,
                    r.product.truncate(self.level()),
                    r.importer,
                    r.exporter,
                    r.value,
                )?;
            }
        }
        years
            .into_iter()
            .map(|(y, sums)| Ok((y, sums.result(self, bloc, data.currency())?)))
            .collect()
    }

    /// A streaming builder of the screen of `bloc`, for
    /// [`Reader::fold_path`](crate::Reader::fold_path) and
    /// [`Panel::fold_years`](crate::Panel::fold_years): exact sums per
    /// product and exporter (a few megabytes), none per flow.
    #[must_use]
    pub fn builder(&self, bloc: &EconomyGroup) -> EuScreenBuilder {
        EuScreenBuilder {
            screen: self.clone(),
            bloc: bloc.clone(),
            members: Members::of(bloc),
            sums: EuSums::new(),
            currency: None,
            mix: Mixes::default(),
        }
    }
}

/// Builds an [`EuScreenResult`] from flows one at a time: see
/// [`EuScreen::builder`]. Builders of parts of the flows
/// [`merge`](Self::merge); the result equals [`EuScreen::run`] over the
/// same flows.
///
/// # Example
///
/// ```
/// use tradedep::{Direction, EconomyGroup, TradeFlow};
/// use tradedep::metrics::EuScreen;
///
/// let f = |exp: &str, v: &str| -> Result<TradeFlow, tradedep::Error> {
///     TradeFlow::new("FRA".parse()?, exp.parse()?, Direction::Import, "280530".parse()?,
///                    "2024".parse()?, v.parse()?)
/// };
/// let screen = EuScreen::swd_2021_352();
/// let eu = EconomyGroup::eu27();
/// let mut a = screen.builder(&eu);
/// a.push(&f("CHN", "90 USD")?)?;
/// let mut b = screen.builder(&eu);
/// b.push(&f("USA", "10 USD")?)?;
/// let result = a.merge(b)?.build()?;
/// assert_eq!(result.rows()[0].hhi().unwrap().to_string(), "0.82");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct EuScreenBuilder {
    screen: EuScreen,
    bloc: EconomyGroup,
    members: Members,
    sums: EuSums,
    currency: Option<Currency>,
    mix: Mixes,
}

impl fmt::Debug for EuScreenBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EuScreenBuilder")
            .field("screen", &self.screen)
            .field("bloc", &self.bloc.name())
            .field("currency", &self.currency)
            .finish_non_exhaustive()
    }
}

impl EuScreenBuilder {
    /// Adds one flow; flows that a [`Query`] would not count are passed
    /// over, as by
    /// [`SelectorExposureBuilder::push`](crate::metrics::SelectorExposureBuilder::push).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::CurrencyMismatch`](crate::ErrorKind::CurrencyMismatch)
    /// for a flow in another currency than the first;
    /// [`ErrorKind::Overflow`](crate::ErrorKind::Overflow) when a sum does
    /// not fit.
    pub fn push(&mut self, flow: &TradeFlow) -> Result<()> {
        same_currency(&mut self.currency, flow.value().currency())?;
        if !counted(flow) {
            return Ok(());
        }
        self.mix.note(flow);
        self.sums.add(
            &self.members,
            flow.product().truncate(self.screen.level()),
            flow.importer(),
            flow.exporter(),
            flow.value().amount(),
        )
    }

    /// The builder of both builders' flows.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::CurrencyMismatch`](crate::ErrorKind::CurrencyMismatch)
    /// for builders in two currencies; as [`push`](Self::push).
    pub fn merge(mut self, other: EuScreenBuilder) -> Result<EuScreenBuilder> {
        self.currency = merged_currency(self.currency, other.currency)?;
        self.mix.merge(&other.mix);
        self.sums.merge(other.sums)?;
        Ok(self)
    }

    /// The screen (USD when no flow was added).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Overlap`](crate::ErrorKind::Overlap) when an
    /// importer's flows are at two frequencies or two HS levels;
    /// [`ErrorKind::Overflow`](crate::ErrorKind::Overflow) or
    /// [`ErrorKind::Inexact`](crate::ErrorKind::Inexact) when a total does
    /// not fit.
    pub fn build(self) -> Result<EuScreenResult> {
        self.mix.check(FIX_FREQUENCY, FIX_LEVEL)?;
        self.sums.result(
            &self.screen,
            &self.bloc,
            self.currency.unwrap_or(Currency::USD),
        )
    }
}

impl ProductConcentrations {
    /// The supplier concentration of each importer in each product at
    /// `level`, in every year of `data`, over the flows `query` selects,
    /// in one pass: one table per year with flows, oldest first, each
    /// equal to [`imports`](Self::imports) over that year's flows.
    ///
    /// # Errors
    ///
    /// As [`imports`](Self::imports), for each year: frequencies and HS
    /// levels are checked within each importer's year.
    ///
    /// # Example
    ///
    /// ```
    /// use tradedep::{Direction, HsLevel, Query, TradeData, TradeFlow};
    /// use tradedep::metrics::ProductConcentrations;
    ///
    /// let f = |exp: &str, y: &str, v: &str| -> Result<TradeFlow, tradedep::Error> {
    ///     TradeFlow::new("JPN".parse()?, exp.parse()?, Direction::Import, "280530".parse()?,
    ///                    y.parse()?, v.parse()?)
    /// };
    /// let data = TradeData::from_flows([
    ///     f("CHN", "2023", "50 USD")?, f("VNM", "2023", "50 USD")?,
    ///     f("CHN", "2024", "95 USD")?, f("VNM", "2024", "5 USD")?,
    /// ])?;
    /// let years = ProductConcentrations::by_year(&data, &Query::new(), HsLevel::Subheading)?;
    /// let hhi: Vec<String> = years.iter().map(|(_, t)| t.rows()[0].hhi().unwrap().to_string()).collect();
    /// assert_eq!(hhi, ["0.5", "0.905"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn by_year(
        data: &TradeData,
        query: &Query,
        level: HsLevel,
    ) -> Result<Vec<(i32, ProductConcentrations)>> {
        let currency = data.currency();
        let mut years: Vec<(i32, (ImporterMarkets, Vec<ProductConcentration>))> = Vec::new();
        let mut importer: Option<Economy> = None;
        let finish = |years: &mut Vec<(i32, (ImporterMarkets, Vec<ProductConcentration>))>,
                      imp: Economy|
         -> Result<()> {
            for (_, (markets, rows)) in years.iter_mut() {
                markets.finish(imp, currency, rows)?;
            }
            Ok(())
        };
        for r in data
            .candidates_by_year(query, false)?
            .filter(|r| attributed(r))
        {
            if importer != Some(r.importer) {
                if let Some(imp) = importer {
                    finish(&mut years, imp)?;
                }
                importer = Some(r.importer);
            }
            let fresh = || (ImporterMarkets::new(level), Vec::new());
            if let Some((markets, _)) = of_year(&mut years, r.period.year(), fresh) {
                markets.add(r.product, r.exporter, r.value)?;
            }
        }
        if let Some(imp) = importer {
            finish(&mut years, imp)?;
        }
        Ok(years
            .into_iter()
            .map(|(y, (_, mut rows))| {
                rows.sort_by_key(|r| (r.importer(), r.product()));
                (y, ProductConcentrations::from_rows(level, currency, rows))
            })
            .collect())
    }
}
