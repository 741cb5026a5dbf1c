/** The organization's time zone (organization_settings), in which funnel days are calendar days. */
export async function organizationTimeZone(db: D1Database, organizationId: string): Promise<string> {
  const row = await db.prepare('SELECT timezone FROM organization_settings WHERE organization_id = ?').bind(organizationId).first<{ timezone: string }>();
  return row?.timezone ?? 'UTC';
}
