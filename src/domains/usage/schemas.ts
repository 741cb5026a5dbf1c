/** The organization's usage today against its plan's quotas. */
import { z } from '../../platform/openapi';

const Counter = z.object({ used: z.number().int(), quota: z.number().int() });

export const UsageSchema = z
  .object({
    plan: z.string().openapi({ description: 'The plan whose quotas apply' }),
    day: z.string().openapi({ description: 'The UTC day counted (YYYY-MM-DD)' }),
    resetsAt: z.string().openapi({ description: 'When the daily counts start again (the end of the UTC day)' }),
    apiCalls: Counter.openapi({ description: 'Authenticated API requests today (sessions and API keys)' }),
    emails: Counter.openapi({ description: "Emails sent in the organization's name today" }),
    perMinute: z.object({ organization: z.number().int(), apiKey: z.number().int() }).openapi({ description: 'Per-minute API limits of the plan' }),
    phoneMessagesLastHour: z
      .object({ sms: Counter, whatsapp: Counter })
      .openapi({ description: 'SMS and WhatsApp messages sent in the last hour against the hourly limits (over one, messages wait)' }),
  })
  .openapi('Usage', {
    example: {
      plan: 'default',
      day: '2026-12-04',
      resetsAt: '2026-12-05T00:00:00.000Z',
      apiCalls: { used: 1234, quota: 100000 },
      emails: { used: 56, quota: 10000 },
      perMinute: { organization: 3000, apiKey: 600 },
      phoneMessagesLastHour: { sms: { used: 12, quota: 500 }, whatsapp: { used: 3, quota: 1000 } },
    },
  });

export type Usage = z.infer<typeof UsageSchema>;
