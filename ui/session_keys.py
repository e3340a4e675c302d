"""Session-state keys as named constants, namespaced by the page or component that owns them."""

LANG = "app.lang"
PARTICIPANT_ID = "auth.participant_id"
FACILITATOR_ID = "auth.facilitator_id"
FACILITATOR_SEEN_AT = "auth.facilitator_seen_at"
ANON_ASSESSMENT = "anonymous.answers"
