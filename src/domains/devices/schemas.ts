/** Scanner device shapes: the token appears once, in the registration response, and never again (nor its hash). */
import { z } from '../../platform/openapi';
import { safeText, CredentialExpiresAt, CredentialStatus, IsoDateTime } from '../shared-schemas';

const IdRef = (example: string) => z.string().trim().min(1, 'Required').max(64).openapi({ example });
const EVENT_EXAMPLE = 'evt_01jx0000000000000000000000';
const GATE_EXAMPLE = 'gat_01jx0000000000000000000000';
const DeviceName = safeText(z.string().trim().min(1, 'Required').max(80)).openapi({ example: 'Gate A phone 1' });
const EventIds = z
  .array(IdRef(EVENT_EXAMPLE))
  .min(1, 'Choose at least one event')
  .max(50)
  .transform((ids) => [...new Set(ids)]);

export const DeviceSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    tokenPrefix: z.string().openapi({ example: 'vgd_ab12cd34' }),
    eventIds: z.array(z.string()),
    gateId: z.string().nullable().openapi({ description: 'The pinned gate, or null to choose one per scan session' }),
    createdByUserId: z.string(),
    lastSeenAt: IsoDateTime.nullable(),
    expiresAt: IsoDateTime.nullable(),
    status: CredentialStatus,
    revokedAt: IsoDateTime.nullable(),
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
  })
  .openapi('Device');
export type Device = z.infer<typeof DeviceSchema>;

export const CreatedDeviceSchema = DeviceSchema.extend({
  token: z.string().openapi({ description: 'The device token (`vgd_…`). Shown only in this response: enter it on the device now.' }),
}).openapi('CreatedDevice');

export const CreateDeviceSchema = z
  .object({
    name: DeviceName,
    eventIds: EventIds,
    gateId: IdRef(GATE_EXAMPLE).optional().openapi({ description: "Pin the device to one gate of the events' venue" }),
    expiresAt: CredentialExpiresAt,
  })
  .strict()
  .openapi('CreateDevice', { example: { name: 'Gate A phone 1', eventIds: [EVENT_EXAMPLE], gateId: GATE_EXAMPLE } });
export type CreateDevice = z.infer<typeof CreateDeviceSchema>;

export const UpdateDeviceSchema = z
  .object({
    name: DeviceName.optional(),
    eventIds: EventIds.optional(),
    gateId: IdRef(GATE_EXAMPLE).nullable().optional().openapi({ description: 'A gate to pin, or null to unpin' }),
  })
  .strict()
  .openapi('UpdateDevice', { example: { name: 'Gate B phone 2' } });
export type UpdateDevice = z.infer<typeof UpdateDeviceSchema>;

export const DeviceEventSchema = z.object({
  id: z.string(),
  name: z.string(),
  status: z.string(),
  timezone: z.string(),
  startsAt: IsoDateTime,
  endsAt: IsoDateTime,
  doorsAt: IsoDateTime.nullable(),
});

export const DeviceMeSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    organization: z.object({ id: z.string(), name: z.string() }),
    events: z.array(DeviceEventSchema),
    gate: z.object({ id: z.string(), name: z.string(), venueId: z.string() }).nullable(),
  })
  .openapi('DeviceMe');
export type DeviceMe = z.infer<typeof DeviceMeSchema>;

export const ScanSessionSchema = z
  .object({
    id: z.string(),
    deviceId: z.string(),
    eventId: z.string(),
    gateId: z.string().nullable(),
    operatorName: z.string(),
    startedAt: IsoDateTime,
    endedAt: IsoDateTime.nullable(),
  })
  .openapi('ScanSession');
export type ScanSession = z.infer<typeof ScanSessionSchema>;

export const StartScanSessionSchema = z
  .object({
    eventId: IdRef(EVENT_EXAMPLE),
    gateId: IdRef(GATE_EXAMPLE).optional().openapi({ description: "A gate of the event's venue; must be the pinned gate if the device has one" }),
    operatorName: safeText(z.string().trim().min(1, 'Required').max(120)).openapi({ example: 'Sipho Dlamini' }),
  })
  .strict()
  .openapi('StartScanSession', { example: { eventId: EVENT_EXAMPLE, gateId: GATE_EXAMPLE, operatorName: 'Sipho Dlamini' } });
export type StartScanSession = z.infer<typeof StartScanSessionSchema>;
