import fs from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = path.resolve(import.meta.dirname, '../..');
const manifest = parse(fs.readFileSync(path.join(root, 'manifest.yml'), 'utf8'));
const schemaPath = path.resolve(root, '../shared/slack/manifest.schema.1.0.0.json');

describe('manifest.yml', () => {
  it('is valid against Slack’s own manifest schema', () => {
    expect(fs.existsSync(schemaPath), `Slack's manifest schema is expected at ${schemaPath}`).toBe(true);
    const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8'));
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
      'im:history',
      'im:write',
      'users:read',
      'users:read.email',
    ]);
  });
});
