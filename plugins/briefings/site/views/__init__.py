"""View models: the prepared data each generated page's template receives.

`pages` holds one view model per page type, `parts` the small pieces they are made of,
`builder.ViewBuilder` makes them from the graph (`briefing` and `listings` per page
type). The fields are the documented template contract (docs/templates.md).
"""
