/**
 * Admin routes of the chat core: the system instruction (mounted at /system-instruction) and the conversation
 * logs (at /logs). What changes the assistant or removes logs is split into its own router, which app.ts
 * mounts for the admin role only (agents read, admins change).
 */
import { Router } from 'express';
import { z } from 'zod';
import type { ConversationLogRepository } from '../store/conversation-log.repository.js';
import type { SystemInstructionStore } from '../chat/system-instruction.store.js';
import { MAX_SYSTEM_INSTRUCTION_LENGTH } from '../chat/system-instruction.store.js';
import { sendSuccess } from '../http/envelope.js';
import { parseInput, requireJsonBody } from '../http/validate.js';

/** POST /system-instruction. */
export const systemInstructionSchema = z.object({
  system_instruction: z
    .string({ error: (i) => (i.input === undefined ? 'is required' : 'must be a string') })
    .refine((s) => s.trim().length > 0, 'must not be empty')
    .pipe(z.string().max(MAX_SYSTEM_INSTRUCTION_LENGTH, `must be at most ${MAX_SYSTEM_INSTRUCTION_LENGTH} characters`)),
});

/** POST /logs/clear. */
export const clearLogsSchema = z.object({
  older_than_days: z.number({ error: 'must be a number' }).min(0, 'must be 0 or more').max(36500).optional(),
});

export function systemInstructionRoutes(instructions: SystemInstructionStore): Router {
  const router = Router();

  router.get('/', async (_req, res) => {
    sendSuccess(res, { system_instruction: await instructions.read() });
  });
  return router;
}

/** POST /system-instruction (admins). */
export function systemInstructionSaveRoutes(instructions: SystemInstructionStore): Router {
  const router = Router();
  router.post('/', requireJsonBody, async (req, res) => {
    const { system_instruction } = parseInput(systemInstructionSchema, req.body);
    await instructions.write(system_instruction);
    sendSuccess(res, { system_instruction }, 'System instruction saved; it is used from the next turn on');
  });

  return router;
}

export function conversationLogRoutes(logs: ConversationLogRepository): Router {
  const router = Router();

  router.get('/', async (_req, res) => {
    sendSuccess(res, { logs: await logs.list() });
  });

  router.get('/:filename', async (req, res) => {
    const text = await logs.read(req.params.filename);
    res.type('text/plain; charset=utf-8').send(text);
  });

  return router;
}

/** POST /logs/clear (admins). */
export function clearLogsRoutes(logs: ConversationLogRepository): Router {
  const router = Router();
  router.post('/clear', requireJsonBody, async (req, res) => {
    const { older_than_days } = parseInput(clearLogsSchema, req.body);
    const removed = await logs.clear(older_than_days);
    sendSuccess(res, { removed }, `Removed ${removed} log file(s)`);
  });
  return router;
}
