"""The field-creation wizard's data: which kinds of field exist (`catalog`), and what the admin
has chosen so far (`draft`), turned into one schema-service call. Free of Textual, so the rules
are tested without a screen; the screens live in `studio/ui/screens/`."""
