import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiNoContent } from '../../../lib/api-client.ts';
import { type MacroDto, macroListSchema, macroSchema, type SnippetDto, snippetListSchema, snippetSchema } from '../../../../shared/contracts/macros.ts';

export type { MacroDto as Macro, SnippetDto as Snippet, MacroInput, SnippetInput } from '../../../../shared/contracts/macros.ts';
export type TextKind = 'macros' | 'snippets';

/** The macros or snippets the caller may see (their own, shared, their groups'). */
export function useTexts(kind: TextKind) {
  return useQuery({
    queryKey: [kind],
    queryFn: (): Promise<Array<MacroDto | SnippetDto>> =>
      kind === 'macros' ? api('/macros', { schema: macroListSchema }).then((r) => r.items) : api('/snippets', { schema: snippetListSchema }).then((r) => r.items),
  });
}

/** Creates (no id), changes (id) or deletes (remove) a macro or snippet. */
export function useSaveText(kind: TextKind) {
  const client = useQueryClient();
  const schema = kind === 'macros' ? macroSchema : snippetSchema;
  return useMutation({
    mutationFn: async (input: { id?: number; body?: unknown; remove?: boolean }) => {
      if (input.remove && input.id) return apiNoContent(`/${kind}/${input.id}`, { method: 'DELETE' });
      await api(input.id ? `/${kind}/${input.id}` : `/${kind}`, { method: input.id ? 'PATCH' : 'POST', body: input.body, schema });
    },
    onSuccess: () => void client.invalidateQueries({ queryKey: [kind] }),
  });
}
