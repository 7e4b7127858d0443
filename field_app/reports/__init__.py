"""Reports from the local database: the programme's yearly indicators and the PDF
reports an officer leaves with an enterprise (visit, 5S audit, VietGAP check)."""
