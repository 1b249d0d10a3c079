import { ConfigReader, JsonValue } from '@backstage/config';
import { readEmailConfig } from './config';

const read = (email: JsonValue) =>
  readEmailConfig(new ConfigReader({ runway: { notifications: { email } } }));

describe('readEmailConfig', () => {
  it('is off without runway.notifications.email', () => {
    expect(readEmailConfig(new ConfigReader({}))).toBeUndefined();
    expect(
      readEmailConfig(new ConfigReader({ runway: { notifications: {} } })),
    ).toBeUndefined();
  });

  it('reads a relay without credentials, with defaults', () => {
    expect(
      read({ host: 'smtp.internal', sender: 'runway@example.com' }),
    ).toEqual({
      host: 'smtp.internal',
      port: 587,
      secure: false,
      auth: undefined,
      sender: 'runway@example.com',
      replyTo: undefined,
    });
    expect(
      read({ host: 'smtp.internal', sender: 'r@example.com', secure: true }),
    ).toMatchObject({ port: 465, secure: true });
  });

  it('reads SES SMTP credentials, and a port and flag given as strings by ${VAR} substitution', () => {
    expect(
      read({
        host: 'email-smtp.eu-west-1.amazonaws.com',
        port: '587',
        secure: 'false',
        username: 'AKIAEXAMPLE',
        password: 'smtp-password',
        sender: 'Runway <runway@example.com>',
        replyTo: 'platform-ops@example.com',
      }),
    ).toEqual({
      host: 'email-smtp.eu-west-1.amazonaws.com',
      port: 587,
      secure: false,
      auth: { username: 'AKIAEXAMPLE', password: 'smtp-password' },
      sender: 'Runway <runway@example.com>',
      replyTo: 'platform-ops@example.com',
    });
  });

  it.each([
    [
      { sender: 'r@example.com' },
      'runway.notifications.email.host is required',
    ],
    [
      { host: ' ', sender: 'r@example.com' },
      'runway.notifications.email.host is required',
    ],
    [{ host: 'smtp' }, 'runway.notifications.email.sender is required'],
    [
      { host: 'smtp', sender: 'r@example.com', port: 'smtp' },
      "runway.notifications.email.port must be a port number (1 to 65535), got 'smtp'",
    ],
    [
      { host: 'smtp', sender: 'r@example.com', port: 70000 },
      'runway.notifications.email.port must be a port number',
    ],
    [
      { host: 'smtp', sender: 'r@example.com', port: 25.5 },
      'runway.notifications.email.port must be a port number',
    ],
    [
      { host: 'smtp', sender: 'r@example.com', secure: 'yes' },
      "runway.notifications.email.secure must be true or false, got 'yes'",
    ],
    [
      { host: 'smtp', sender: 'r@example.com', username: 'u' },
      'runway.notifications.email.password is required when runway.notifications.email.username is set',
    ],
    [
      { host: 'smtp', sender: 'r@example.com', password: 'p' },
      'runway.notifications.email.username is required when runway.notifications.email.password is set',
    ],
  ])('fails on %j naming the key', (email, message) => {
    expect(() => read(email)).toThrow(message);
  });

  it('fails on a value that is not a section, naming the key', () => {
    expect(() => read('smtp://relay')).toThrow('runway.notifications.email');
  });
});
