import { useEffect } from 'react';
import { useTheme } from '@material-ui/core';
import { useShadowRootElements } from '@backstage/plugin-techdocs-react';

let counter = 0;

/**
 * Draws every `<pre class="mermaid">` of the page (what pymdownx.superfences
 * makes of a ```mermaid fence) as an SVG. Mermaid is part of the app bundle
 * but loaded only when a page has a diagram; nothing comes from a CDN.
 */
export const MermaidDiagrams = () => {
  const blocks = useShadowRootElements<HTMLPreElement>(['pre.mermaid']);
  const dark = useTheme().palette.type === 'dark';
  useEffect(() => {
    const pending = blocks.filter(b => !b.dataset.runwayMermaid);
    let cancelled = false;
    if (pending.length === 0) return () => {};
    import('mermaid').then(async ({ default: mermaid }) => {
      mermaid.initialize({
        startOnLoad: false,
        theme: dark ? 'dark' : 'default',
        securityLevel: 'strict',
        suppressErrorRendering: true,
      });
      for (const block of pending) {
        if (cancelled || block.dataset.runwayMermaid) continue;
        block.dataset.runwayMermaid = 'pending';
        const text =
          block.querySelector('code')?.textContent ?? block.textContent ?? '';
        try {
          const { svg } = await mermaid.render(
            `runway-mermaid-${counter++}`,
            text,
          );
          const figure = document.createElement('div');
          figure.className = 'runway-mermaid';
          figure.innerHTML = svg;
          block.style.display = 'none';
          block.parentNode?.insertBefore(figure, block.nextSibling);
          block.dataset.runwayMermaid = 'drawn';
        } catch (error) {
          // leave the source visible: a broken diagram still reads as text
          block.dataset.runwayMermaid = 'failed';
          // eslint-disable-next-line no-console
          console.warn('Mermaid could not draw a diagram', error);
        }
      }
    });
    return () => {
      cancelled = true;
    };
  }, [blocks, dark]);
  return null;
};
