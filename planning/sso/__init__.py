"""Single sign-on with the council's own sign-in service, through OpenID Connect
(docs/adr/0023-single-sign-on.md): where its addresses come from (provider.py), checking a
sign-in and finding the person (backend.py, planning/services/sso.py)."""
