-- Coupon limits the database enforces itself: concurrent checkouts each read a coupon with a use left,
-- but D1 runs batches one at a time and these triggers refuse the one that would go past a limit,
-- aborting its whole batch (order, redemption and audit row included). See src/domains/pricing/coupons.ts.

-- Never more uses (reserved or redeemed) than max_redemptions. Only raising the count is checked, so
-- an organizer may lower the limit below the uses already taken and releases still go through.
CREATE TRIGGER coupons_max_redemptions
BEFORE UPDATE OF redeemed_count ON coupons
WHEN NEW.redeemed_count > OLD.redeemed_count
  AND NEW.max_redemptions IS NOT NULL
  AND NEW.redeemed_count > NEW.max_redemptions
BEGIN
  SELECT RAISE(ABORT, 'coupon_exhausted');
END;
--> statement-breakpoint
-- Never more uses per buyer email than max_per_buyer; released uses (expired orders) don't count.
CREATE TRIGGER coupon_redemptions_max_per_buyer
BEFORE INSERT ON coupon_redemptions
WHEN (SELECT max_per_buyer FROM coupons WHERE id = NEW.coupon_id) IS NOT NULL
  AND (SELECT count(*) FROM coupon_redemptions
       WHERE coupon_id = NEW.coupon_id AND buyer_email = NEW.buyer_email AND status <> 'released')
      >= (SELECT max_per_buyer FROM coupons WHERE id = NEW.coupon_id)
BEGIN
  SELECT RAISE(ABORT, 'coupon_buyer_limit');
END;
--> statement-breakpoint
-- One platform default fee policy per currency: the unique index on (organization_id, currency) treats
-- NULL organizations as distinct, so two concurrent edits of a default could otherwise insert two rows.
CREATE UNIQUE INDEX fee_policies_platform_currency_uq ON fee_policies (currency) WHERE organization_id IS NULL;
