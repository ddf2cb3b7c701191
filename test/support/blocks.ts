/** Every piece of text a person could read in a message or view: fallback text and block text. */
export function allText(message: { text?: string; blocks?: unknown[] }): string {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'text' && typeof value === 'string') out.push(value);
        else walk(value);
      }
    }
  };
  walk(message.blocks ?? []);
  return [message.text ?? '', ...out].join('\n');
}

/** Whether a recorded post is the team chart that follows a digest in a post of its own (an image block). */
export const isChartPost = (call: { args: Record<string, any> }): boolean =>
  Array.isArray(call.args.blocks) && call.args.blocks.some((b: { type?: string }) => b.type === 'image');
