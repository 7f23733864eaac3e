import type { Request, Response, Router } from 'express';
import type { SandboxCore } from '../sandbox-core.ts';

/**
 * Active Storage routes for uploaded attachments: `data_url` / `thumb_url` redirect to the stored
 * file, which is served with its content type (like `rails/active_storage/blobs/redirect` → disk service).
 */
export function registerBlobRoutes(router: Router, core: SandboxCore): void {
  const redirect = (kind: string) => (req: Request, res: Response) => {
    const blob = core.state.blobs.get(String(req.params.key));
    if (!blob) {
      res.status(404).end();
      return;
    }
    res.redirect(
      302,
      `/rails/active_storage/disk/${blob.key}/${encodeURIComponent(blob.fileName)}?kind=${kind}`,
    );
  };
  router.get('/rails/active_storage/blobs/redirect/:key/:fileName', redirect('blob'));
  router.get('/rails/active_storage/representations/redirect/:key/:fileName', redirect('representation'));
  router.get('/rails/active_storage/disk/:key/:fileName', (req, res) => {
    const blob = core.state.blobs.get(req.params.key);
    if (!blob) {
      res.status(404).end();
      return;
    }
    res.setHeader('Content-Type', blob.contentType);
    res.setHeader('Content-Disposition', `inline; filename="${blob.fileName.replace(/"/g, '')}"`);
    res.send(blob.data);
  });
}
