import { categoryName, useCategories } from '../lib/reference-data.ts';
import { useViewerLocale } from '../lib/use-viewer-locale.ts';

/** The `<option>`s of the active categories, named in the viewer's language, for any category picker. */
export function ActiveCategoryOptions() {
  const locale = useViewerLocale();
  const categories = useCategories();
  return (
    <>
      {categories.data
        ?.filter((c) => c.active)
        .map((c) => (
          <option key={c.id} value={c.id}>
            {categoryName(c, locale)}
          </option>
        ))}
    </>
  );
}
