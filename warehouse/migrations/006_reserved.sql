-- Reserved: migration 006 belongs to another branch. This no-op keeps the numbering gapless
-- here; drop this file when that branch's 006 is merged.
SELECT 1;
