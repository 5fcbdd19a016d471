"""A Service Business Plan as one workbook: exported with a sheet per section, and imported
back (checked first, then all or nothing, with history). See docs/adr/0019."""
