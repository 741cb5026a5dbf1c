-- Refunds claim their right to pay out BEFORE the provider is called (src/domains/orders/refund-claim.ts).
-- D1 runs batches one at a time; these triggers refuse the claim that would pay twice, aborting its whole
-- batch (refund row, ticket claims and audit included), so nothing half-written is left behind.

-- An order never has more claimed (in flight) plus paid-back refunds than its total, and new claims are
-- only taken on a paid or partially refunded order.
CREATE TRIGGER orders_refund_claim_guard
BEFORE UPDATE OF refund_reserved_minor, refunded_minor ON orders
WHEN NEW.refund_reserved_minor < 0
  OR NEW.refunded_minor < 0
  OR NEW.refunded_minor + NEW.refund_reserved_minor > NEW.total_minor
  OR (NEW.refund_reserved_minor > OLD.refund_reserved_minor AND OLD.status NOT IN ('paid', 'partially_refunded'))
BEGIN
  SELECT RAISE(ABORT, 'refund_claim_refused');
END;
--> statement-breakpoint
-- A refund settles once: pending -> succeeded or pending -> failed, nothing else. A second settlement of the
-- same refund (two requests driving it under one key) aborts its batch instead of counting it twice.
CREATE TRIGGER refunds_settle_once
BEFORE UPDATE OF status ON refunds
WHEN NOT (OLD.status = 'pending' AND NEW.status IN ('succeeded', 'failed'))
BEGIN
  SELECT RAISE(ABORT, 'refund_already_settled');
END;
