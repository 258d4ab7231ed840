#!/usr/bin/perl
# sisimai_eval.pl - the baseline: give each reply to Sisimai as the
# Diagnostic-Code of a minimal RFC 3464 bounce and print, one line per
# input line, the smtplog cause its reason maps to (see README.md for the
# mapping and its limits); "-" when Sisimai finds no bounce in it.
#
# input: "code<TAB>reply" per line (cut -f3,5 of replies.tsv)
use strict;
use warnings;
use Sisimai;

# Sisimai 4.25's reasons -> smtplog's causes.
my %cause = (
    'blocked'         => 'blocklisted-ip',
    'contenterror'    => 'syntax',
    'exceedlimit'     => 'message-too-large',
    'mesgtoobig'      => 'message-too-large',
    'filtered'        => 'spam-content',
    'policyviolation' => 'spam-content',
    'spamdetected'    => 'spam-content',
    'virusdetected'   => 'spam-content',
    'hasmoved'        => 'policy-rejected-recipient',
    'hostunknown'     => 'policy-rejected-recipient',
    'suspend'         => 'policy-rejected-recipient',
    'userunknown'     => 'policy-rejected-recipient',
    'rejected'        => 'policy-rejected-sender',
    'norelaying'      => 'relay-denied',
    'notaccept'       => 'greeting-rejection',
    'securityerror'   => 'auth-required',
    'syntaxerror'     => 'syntax',
    'toomanyconn'     => 'other',
    'mailboxfull'     => 'other',
    'mailererror'     => 'other',
    'networkerror'    => 'other',
    'systemerror'     => 'other',
    'systemfull'      => 'other',
    'expired'         => 'other',
    'onhold'          => 'other',
    'undefined'       => 'other',
    'vacation'        => 'other',
    'delivered'       => 'other',
    'feedback'        => 'other',
);

while (my $line = <STDIN>) {
    chomp $line;
    my ($code, $reply) = split /\t/, $line, 2;
    $reply =~ s/\\n/ /g;
    my $status = $reply =~ /^\d{3}[ -]+([245]\.\d{1,3}\.\d{1,3})\b/ ? $1 : substr($code, 0, 1) . '.0.0';
    my $mail = join("\n",
        'From: Mail Delivery System <MAILER-DAEMON@mx.example.net>',
        'To: sender@example.org',
        'Subject: Undelivered Mail Returned to Sender',
        'Date: Thu, 1 Jan 2025 00:00:00 +0000',
        'Message-Id: <bounce.1@mx.example.net>',
        'MIME-Version: 1.0',
        'Content-Type: multipart/report; report-type=delivery-status; boundary="B"',
        '',
        '--B',
        'Content-Type: text/plain',
        '',
        'This is the mail system. Your message could not be delivered.',
        '',
        '--B',
        'Content-Type: message/delivery-status',
        '',
        'Reporting-MTA: dns; mx.example.net',
        '',
        'Final-Recipient: rfc822; rcpt@example.com',
        'Original-Recipient: rfc822; rcpt@example.com',
        'Action: failed',
        "Status: $status",
        'Remote-MTA: dns; mx.example.com',
        "Diagnostic-Code: smtp; $reply",
        '',
        '--B',
        'Content-Type: message/rfc822',
        '',
        'From: sender@example.org',
        'To: rcpt@example.com',
        'Subject: test',
        'Message-Id: <test.1@example.org>',
        '',
        'test',
        '--B--',
        '');
    my $data = Sisimai->make(\$mail);
    my $reason = $data && @$data ? $data->[0]->reason : undef;
    print defined $reason ? ($cause{$reason} // 'other') : '-', "\n";
}
