/** Finance routes: ledger accounts, the trial balance, account statements and event settlements (read-only). */
import { createRouter, idParam, json, OrgParams, PageQuery, tenantRoute, z } from '../../platform/openapi';
import { tenantContext } from '../../platform/tenant';
import { POSTGRES_UNAVAILABLE } from '../reports/routes';
import { settlementReport } from '../reports/run';
import { SettlementReportSchema } from '../reports/schemas';
import { accountStatement, listAccounts, trialBalance } from './reports';
import { AccountBalanceSchema, CurrencyQuery, StatementSchema, TrialBalanceSchema } from './schemas';

const AccountParams = OrgParams.extend({ accountId: idParam('lac', 'Ledger account id') });
const EventParams = OrgParams.extend({ eventId: idParam('evt', 'Event id') });
const tags = ['Ledger'];

export const ledgerRoutes = createRouter()
  .openapi(
    tenantRoute('finance.read', {
      method: 'get',
      path: '/orgs/{orgId}/ledger/accounts',
      tags,
      summary: 'Ledger accounts with their debit and credit totals and balances',
      request: { params: OrgParams, query: CurrencyQuery },
      responses: { 200: json(z.object({ items: z.array(AccountBalanceSchema) }), 'Accounts, by currency in chart order') },
    }),
    async (c) => c.json({ items: await listAccounts({ ctx: tenantContext(c), input: c.req.valid('query') }) }, 200),
  )
  .openapi(
    tenantRoute('finance.read', {
      method: 'get',
      path: '/orgs/{orgId}/ledger/trial-balance',
      tags,
      summary: 'Trial balance: per account debits, credits and balance; per currency total debits equal total credits',
      request: { params: OrgParams, query: CurrencyQuery },
      responses: { 200: json(TrialBalanceSchema, 'The trial balance') },
    }),
    async (c) => c.json(await trialBalance({ ctx: tenantContext(c), input: c.req.valid('query') }), 200),
  )
  .openapi(
    tenantRoute('finance.read', {
      method: 'get',
      path: '/orgs/{orgId}/ledger/accounts/{accountId}/statement',
      tags,
      summary: 'An account statement: the entries that moved it, newest first, with a running balance',
      request: { params: AccountParams, query: PageQuery },
      responses: { 200: json(StatementSchema, 'A page of the statement') },
    }),
    async (c) => c.json(await accountStatement({ ctx: tenantContext(c), accountId: c.req.valid('param').accountId, input: c.req.valid('query') }), 200),
  )
  .openapi(
    tenantRoute('finance.read', {
      method: 'get',
      path: '/orgs/{orgId}/events/{eventId}/settlement',
      tags,
      summary: 'Settlement of an event: gross, refunds, platform fees, VAT, donations and net payable to the organizer',
      description: 'Read from the reporting copy in Postgres (docs/postgres.md, "Reports"); `freshness` says how many changes have not reached it yet.',
      request: { params: EventParams },
      responses: { 200: json(SettlementReportSchema, 'The settlement, per currency'), 503: POSTGRES_UNAVAILABLE },
    }),
    async (c) => {
      const ctx = tenantContext(c);
      return c.json(await settlementReport({ env: c.env, db: ctx.db, organizationId: ctx.organizationId }, c.req.valid('param').eventId), 200);
    },
  );
