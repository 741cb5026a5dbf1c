-- Guards the application checks first but cannot make race-free on its own (D1 has no interactive
-- transactions): the database refuses the write, which aborts the whole batch, audit row included.

-- An organization always keeps at least one owner, even when two owners demote or remove each other at once.
CREATE TRIGGER memberships_keep_an_owner_on_update
BEFORE UPDATE OF role ON memberships
WHEN OLD.role = 'owner' AND NEW.role <> 'owner'
  AND (SELECT count(*) FROM memberships WHERE organization_id = OLD.organization_id AND role = 'owner') <= 1
BEGIN
  SELECT RAISE(ABORT, 'last_owner');
END;
--> statement-breakpoint
CREATE TRIGGER memberships_keep_an_owner_on_delete
BEFORE DELETE ON memberships
WHEN OLD.role = 'owner'
  AND (SELECT count(*) FROM memberships WHERE organization_id = OLD.organization_id AND role = 'owner') <= 1
  AND EXISTS (SELECT 1 FROM organizations WHERE id = OLD.organization_id)
BEGIN
  SELECT RAISE(ABORT, 'last_owner');
END;
--> statement-breakpoint
-- One-time tokens are used once, even when the same link is submitted twice at once.
CREATE TRIGGER user_tokens_single_use
BEFORE UPDATE OF used_at ON user_tokens
WHEN OLD.used_at IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'token_used');
END;
