"""What every app shares and no app owns: saving with history and noticing edit conflicts,
the GOV.UK form kit and the form-page steps, reading numbers, filters and uploads, spreadsheet
safety, financial periods, money and the one way a rating is drawn. Nothing here imports an
app: the apps import it."""
