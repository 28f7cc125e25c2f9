<?php
// PHP with built-in functions only. (Or composer require standard-webhooks/standard-webhooks.)
$secret = getenv('MAEMANEE_WEBHOOK_SECRET');
$body = file_get_contents('php://input');
$id = $_SERVER['HTTP_WEBHOOK_ID'] ?? '';
$timestamp = $_SERVER['HTTP_WEBHOOK_TIMESTAMP'] ?? '';
$key = base64_decode(substr($secret, strlen('whsec_')));
$expected = base64_encode(hash_hmac('sha256', "$id.$timestamp.$body", $key, true));
$valid = false;
foreach (explode(' ', $_SERVER['HTTP_WEBHOOK_SIGNATURE'] ?? '') as $signature) {
    $valid = $valid || hash_equals("v1,$expected", $signature);
}
if (!$valid || abs(time() - (int) $timestamp) > 300) {
    http_response_code(400);
    exit;
}
$event = json_decode($body);
// Sandbox events are acknowledged and ignored: no money moved.
if ($event->type === 'payment.paid' && $event->data->sandbox === false) {
    // Credit once per event id: in your database, INSERT ... ON DUPLICATE KEY; here, a file per event.
    $seen = @fopen(sys_get_temp_dir() . '/maemanee-' . hash('sha256', $id), 'x');
    if ($seen !== false) {
        fclose($seen);
        error_log("credited {$event->data->id} {$event->data->ref1} {$event->data->amount}"); // mark order ref1 paid
    }
}
http_response_code(204);
