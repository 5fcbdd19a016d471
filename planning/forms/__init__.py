"""Planning's forms, a module for each area of the plan (as planning.views is split).
Import a form from its module, like `planning.forms.delivery`."""
