//! Import templates: a header and one example row per entity, as CSV or XLSX.

use std::io::Write;
use std::path::Path;

use rust_xlsxwriter::{Format, Workbook};

use crate::IngestError;
use crate::schema::Entity;

pub fn write_template_csv(entity: Entity, out: &mut dyn Write) -> Result<(), IngestError> {
    let werr = |e: std::io::Error| IngestError::Write {
        path: "output".into(),
        reason: e.to_string(),
    };
    let mut w = csv::Writer::from_writer(out);
    let fields = entity.fields();
    w.write_record(fields.iter().map(|f| f.name))
        .map_err(|e| werr(e.into()))?;
    w.write_record(fields.iter().map(|f| f.example))
        .map_err(|e| werr(e.into()))?;
    w.flush().map_err(werr)
}

/// Writes an .xlsx template whose code and NIK columns are formatted as Text, so that what
/// users type there is never turned into a number.
pub fn write_template_xlsx(entity: Entity, path: &Path) -> Result<(), IngestError> {
    let werr = |e: rust_xlsxwriter::XlsxError| IngestError::Write {
        path: path.display().to_string(),
        reason: e.to_string(),
    };
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(entity.name()).map_err(werr)?;
    let bold = Format::new().set_bold();
    let text = Format::new().set_num_format("@");
    for (i, f) in entity.fields().iter().enumerate() {
        let col = i as u16;
        let header = if f.required {
            format!("{}*", f.name)
        } else {
            f.name.to_string()
        };
        ws.write_string_with_format(0, col, header.trim_end_matches('*'), &bold)
            .map_err(werr)?;
        if f.text {
            ws.set_column_format(col, &text).map_err(werr)?;
        }
        ws.write_string(1, col, f.example).map_err(werr)?;
        ws.set_column_width(col, (f.name.len().max(f.example.len()) + 2).min(40) as f64)
            .map_err(werr)?;
    }
    wb.save(path).map_err(werr)
}
