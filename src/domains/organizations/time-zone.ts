/** The organization's time zone (organization_settings; UTC until one is set): reports, schedules, history and funnels count calendar days in it. */
export async function organizationTimeZone(db: D1Database, organizationId: string): Promise<string> {
  const row = await db.prepare('SELECT timezone FROM organization_settings WHERE organization_id = ?').bind(organizationId).first<{ timezone: string }>();
  return row?.timezone ?? 'UTC';
}
