//! Selector expressions resolved against a correlation table: HS
//! prefixes, list entries, categories and whole lists, unions and
//! differences.

use crate::classify::control::{ControlCategory, ControlEntry, Issuer};
use crate::classify::correlation::CorrelationTable;
use crate::classify::selector::ProductSelector;
use crate::csvutil;
use crate::error::{Error, ErrorKind, Position, Result};
use crate::model::hs::HsCode;

impl CorrelationTable {
    /// Reads a product-selector expression that may name control-list
    /// entries and categories, resolved against this table.
    ///
    /// Grammar (items separated by commas, applied left to right, each
    /// adding its products to the selection or, with a leading `-`,
    /// removing them):
    ///
    /// ```text
    /// EXPR  = ITEM { "," ITEM }
    /// ITEM  = [ "-" ] PART { "&" PART }   "&" intersects
    /// PART  = TERM [ "=full" ]
    /// TERM  = HS-CODE                 a chapter, heading or subheading (dots allowed)
    ///       | ISSUER ":" ENTRY        products linked to the entry or its sub-items
    ///       | ISSUER ":" DIGIT        products linked to any entry of that category
    ///       | ISSUER ":*"             products linked to any entry of the list
    /// ```
    ///
    /// `=full` keeps only products that the term's entries link fully and
    /// none links partially (the lower-bound products); without it every
    /// linked product counts (the upper bound). For a list of plain HS
    /// prefixes written from the widest to the narrowest, the result is
    /// the same as [`ProductSelector`]'s own text form.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Selector`] with the character where the bad item
    /// starts and what is wrong with it.
    ///
    /// # Example
    ///
    /// ```
    /// use tradedep::controls::CorrelationTable;
    ///
    /// let table = CorrelationTable::read_csv(
    ///     "entry,hs,link\ncn:1C902.a,280530,partial\ncn:3A001,854231,full\n".as_bytes(),
    /// )?;
    /// assert_eq!(table.selector("cn:1, 8541")?.to_string(), "280530, 8541");
    /// assert_eq!(table.selector("cn:*=full")?.to_string(), "854231");
    /// assert_eq!(table.selector("cn:*, -2805")?.to_string(), "854231");
    /// assert_eq!(table.selector("cn:* & 85")?.to_string(), "854231");
    /// let e = table.selector("cn:1, cn:1X902").unwrap_err();
    /// assert!(e.to_string().contains("at character 7"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn selector(&self, expr: &str) -> Result<ProductSelector> {
        let mut out = ProductSelector::new();
        self.apply(&mut out, expr)?;
        Ok(out)
    }

    /// Applies the items of `expr`, left to right, to `out`.
    #[expect(
        clippy::arithmetic_side_effects,
        reason = "character positions within `expr`, bounded by its length"
    )]
    fn apply(&self, out: &mut ProductSelector, expr: &str) -> Result<()> {
        // The codes of the inclusions since the last exclusion, added to
        // `out` at once.
        let mut pending: Vec<HsCode> = Vec::new();
        let flush = |out: &mut ProductSelector, pending: &mut Vec<HsCode>| {
            if !pending.is_empty() {
                *out = out.union(&pending.drain(..).collect());
            }
        };
        let mut offset = 0;
        for raw in expr.split(',') {
            let start = offset + 1 + (raw.chars().count() - raw.trim_start().chars().count());
            offset += raw.chars().count() + 1;
            let item = raw.trim();
            let bad = |reason: String| {
                Error::new(ErrorKind::Selector {
                    input: crate::error::quote(expr),
                    at: start,
                    reason,
                })
            };
            if item.is_empty() {
                return Err(bad("empty item".into()));
            }
            let (exclude, terms) = match item.strip_prefix('-') {
                Some(rest) => (true, rest.trim()),
                None => (false, item),
            };
            let mut set: Option<ProductSelector> = None;
            for term in terms.split('&') {
                let this = self.term(term.trim()).map_err(bad)?;
                set = Some(match set {
                    Some(s) => s.intersection(&this),
                    None => this,
                });
            }
            let set = set.unwrap_or_default();
            if !exclude && set.excluded().next().is_none() {
                // Inclusions in a row make one union, however many.
                pending.extend(set.included());
                continue;
            }
            flush(out, &mut pending);
            *out = if exclude {
                out.difference(&set)
            } else {
                out.union(&set)
            };
        }
        flush(out, &mut pending);
        Ok(())
    }

    /// Reads a selector expression from lines, in the grammar of
    /// [`selector`](Self::selector): each line holds one or more items
    /// separated by commas, each with its own optional `-`, applied left
    /// to right and line after line; `#` starts a comment, blank lines are
    /// skipped. `"85\n-8505, 8541"` is `"85, -8505, 8541"`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Selector`] with the line number in the error's
    /// [`Position`] and the character within that line, counted from its
    /// first; [`ErrorKind::Io`] when reading fails.
    ///
    /// # Example
    ///
    /// ```
    /// use tradedep::controls::CorrelationTable;
    ///
    /// let table = CorrelationTable::read_csv("entry,hs,link\ncn:1C902.a,280530,partial\n".as_bytes())?;
    /// let text = "# samarium, but not its metal\ncn:1C902\n-280530\n8505\n";
    /// assert_eq!(table.selector_lines(text.as_bytes())?.to_string(), "8505");
    /// let e = table.selector_lines("2805\ncn:1C9\n".as_bytes()).unwrap_err();
    /// assert_eq!(e.position().and_then(|p| p.line()), Some(2));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn selector_lines<R: std::io::BufRead>(&self, reader: R) -> Result<ProductSelector> {
        let mut out = ProductSelector::new();
        for (n, line) in (1u64..).zip(csvutil::limited_lines(reader)) {
            let line = line?;
            let code = line.split('#').next().unwrap_or("");
            if code.trim().is_empty() {
                continue;
            }
            let at = Position {
                line: Some(n),
                ..Position::default()
            };
            self.apply(&mut out, code).map_err(|e| e.at(at))?;
        }
        Ok(out)
    }

    /// One term of a selector expression, with its `=full` suffix.
    fn term(&self, term: &str) -> std::result::Result<ProductSelector, String> {
        let (term, full_only) = match term.strip_suffix("=full") {
            Some(rest) => (rest.trim(), true),
            None => (term, false),
        };
        if term.is_empty() {
            return Err("empty term".into());
        }
        let Some((issuer, what)) = term.split_once(':') else {
            if full_only {
                return Err("=full applies to control-list terms, not HS codes".into());
            }
            let code = HsCode::special(term).map_err(|e: Error| e.to_string())?;
            return Ok(ProductSelector::new().with(code));
        };
        let issuer: Issuer = issuer.parse().map_err(|e: Error| e.to_string())?;
        let what = what.trim();
        let pick: Box<dyn Fn(&ControlEntry) -> bool> = if what == "*" {
            Box::new(move |e: &ControlEntry| e.issuer() == issuer)
        } else if let Ok(cat) = what.parse::<ControlCategory>() {
            Box::new(move |e: &ControlEntry| e.issuer() == issuer && e.category() == cat)
        } else {
            let entry = ControlEntry::parse_in(issuer, what).map_err(|e| e.to_string())?;
            if !full_only {
                // An entry's links and its sub-items' are one run of the
                // table, which is sorted by entry.
                return Ok(self.select_within(&entry));
            }
            Box::new(move |e: &ControlEntry| e.is_within(&entry))
        };
        Ok(if full_only {
            self.full_of(|l| pick(&l.entry))
        } else {
            self.select(|l| pick(&l.entry))
        })
    }
}
