import nodemailer from 'nodemailer';
import { describe, expect, it } from 'vitest';
import { pooled } from './send-mail.job.ts';

describe('the outgoing SMTP connection', () => {
  it('pools connections unless the URL says otherwise, keeping the credentials', () => {
    const transport = nodemailer.createTransport(pooled('smtp://helpdesk:p%40ss@mail.example.com:587'));
    const options = transport.transporter as unknown as { options: { pool?: boolean; auth?: { user: string; pass: string }; host?: string; port?: number } };
    expect(options.options).toMatchObject({ pool: true, host: 'mail.example.com', port: 587, auth: { user: 'helpdesk', pass: 'p@ss' } });
    transport.close();
    expect(pooled('smtp://mail.example.com:25?pool=false')).toBe('smtp://mail.example.com:25?pool=false');
  });
});
