import fs from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';

const root = path.resolve(import.meta.dirname, '../..');
const manifest = parse(fs.readFileSync(path.join(root, 'manifest.yml'), 'utf8'));

/**
 * The manifest fields the bot relies on, with the limits Slack documents for them. This check
 * always runs; Slack's full published schema is checked too where a copy of it is named in
 * SLACK_MANIFEST_SCHEMA (CI sets it), since the project does not ship Slack's file.
 */
const command = z.object({
  command: z.string().regex(/^\/[a-z0-9_-]{1,31}$/),
  description: z.string().min(1).max(100),
  usage_hint: z.string().max(100).optional(),
  should_escape: z.boolean(),
});
const manifestSchema = z.object({
  display_information: z.object({
    name: z.string().min(1).max(35),
    description: z.string().max(140).optional(),
    long_description: z.string().min(175).max(4000).optional(),
    background_color: z
      .string()
      .regex(/^#[0-9a-fA-F]{6}$/)
      .optional(),
  }),
  features: z.object({
    app_home: z.object({ home_tab_enabled: z.boolean(), messages_tab_enabled: z.boolean(), messages_tab_read_only_enabled: z.boolean() }),
    bot_user: z.object({ display_name: z.string().min(1).max(80), always_online: z.boolean() }),
    slash_commands: z.array(command).max(50),
  }),
  oauth_config: z.object({ scopes: z.object({ bot: z.array(z.string().regex(/^[a-z]+(:[a-z.]+)*$/)).max(255) }) }),
  settings: z.object({
    event_subscriptions: z.object({ bot_events: z.array(z.string()).max(100) }),
    interactivity: z.object({ is_enabled: z.boolean() }),
    org_deploy_enabled: z.boolean(),
    socket_mode_enabled: z.boolean(),
    token_rotation_enabled: z.boolean(),
  }),
});

describe('manifest.yml', () => {
  it('has every field the bot relies on, within Slack’s documented limits', () => {
    const result = manifestSchema.safeParse(manifest);
    expect(result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([]);
  });

  const slackSchema = process.env.SLACK_MANIFEST_SCHEMA;
  it.runIf(slackSchema)('is valid against Slack’s own manifest schema (SLACK_MANIFEST_SCHEMA)', () => {
    const schema = JSON.parse(fs.readFileSync(path.resolve(root, slackSchema!), 'utf8'));
    const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
    const validate = ajv.compile(schema);
    const valid = validate(manifest);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('declares the three commands, escaped, for Socket Mode with interactivity', () => {
    const commands = manifest.features.slash_commands.map((c: any) => [c.command, c.should_escape]);
    expect(commands).toEqual([
      ['/log', true],
      ['/points', true],
      ['/points-admin', true],
    ]);
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.features.app_home.messages_tab_enabled).toBe(true);
  });

  it('asks for the bot scopes the bot uses and no more', () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([
      'chat:write',
      'commands',
      'files:write',
      'im:history',
      'im:write',
      'users:read',
      'users:read.email',
    ]);
  });
});
