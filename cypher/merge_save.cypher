// name: merge_save
// mode: write
// params: $props (map: decision_id, seq, kept, dropped, at, pre (JSON pre-image), post_digest)
// Keeps one merge made for a decision, with its exact pre-image, so it can be undone.
CREATE (m:Merge)
SET m = $props
RETURN m.decision_id AS decision_id
